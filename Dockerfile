# syntax=docker/dockerfile:1.7
# One image for all seven services: `docker run IMAGE serve NAME`.
# The binary is static (CGO_ENABLED=0: the embedded database is modernc's pure-Go
# SQLite), so the runtime image needs no libc, only CA certificates and time-zone
# data, which distroless/static carries, with a non-root user and no shell. The
# nodynamic tag keeps the WebP encoder on its WebAssembly build: without it the
# binary links a loader to try a system libwebp first, and is no longer static.

FROM --platform=$BUILDPLATFORM golang:1.26.8-trixie AS build
ARG TARGETOS=linux
ARG TARGETARCH=amd64
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -tags nodynamic -ldflags "-s -w -X main.version=${VERSION}" -o /out/stepperslife ./cmd/stepperslife \
 && mkdir -p /out/data /out/tmp

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/stepperslife /stepperslife
# DATA_DIR holds the embedded database and blob folder when no PostgreSQL or MinIO is
# configured; with a read-only root filesystem, mount a volume here and at /tmp.
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 --chmod=1777 /out/tmp /tmp
ENV DATA_DIR=/data
USER 65532:65532
EXPOSE 3001 3004 3007 3008 3009 3010 3011
# No curl in the image: the binary asks its own /healthz on $PORT.
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/stepperslife", "healthcheck"]
ENTRYPOINT ["/stepperslife"]
CMD ["serve", "portal"]

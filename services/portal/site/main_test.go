package site

import (
	"testing"

	"stepperslife/internal/kit/proctest"
)

func TestMain(m *testing.M) { proctest.Main(m) }

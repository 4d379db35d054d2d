package identity

import (
	"net/http"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

// revocations lists the token cutoffs that still matter — those of the last token
// lifetime — for services that verify tokens on their own: revoked sessions, and the
// sessions of users an admin took a role from with the roles they have left. Session
// ids are published as keys that match a token and reveal nothing else.
func (id *Identity) revocations(w http.ResponseWriter, r *http.Request) {
	since := now().Add(-(auth.AccessTTL + auth.Leeway))
	cuts, err := id.Accounts.CutoffsSince(r.Context(), since)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	roleCuts, err := id.Accounts.RoleCutsSince(r.Context(), since)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	list := auth.RevocationList{Items: make([]auth.Revocation, len(cuts)), Roles: make([]auth.RoleRevocation, len(roleCuts))}
	for i, c := range cuts {
		list.Items[i] = auth.Revocation{Session: auth.RevocationKey(c.SessionID), NotBefore: c.NotBefore.UTC()}
	}
	for i, c := range roleCuts {
		list.Roles[i] = auth.RoleRevocation{Session: auth.RevocationKey(c.SessionID), NotBefore: c.NotBefore.UTC(), Roles: c.Roles}
	}
	noStore(w)
	web.WriteJSON(w, http.StatusOK, list)
}

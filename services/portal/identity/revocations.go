package identity

import (
	"net/http"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

// revocations lists the token cutoffs that still matter — those of the last token
// lifetime — for services that verify tokens on their own. Session ids are published
// as keys that match a token and reveal nothing else.
func (id *Identity) revocations(w http.ResponseWriter, r *http.Request) {
	cuts, err := id.Accounts.CutoffsSince(r.Context(), now().Add(-(auth.AccessTTL + auth.Leeway)))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	list := auth.RevocationList{Items: make([]auth.Revocation, len(cuts))}
	for i, c := range cuts {
		list.Items[i] = auth.Revocation{Session: auth.SessionKey(c.SessionID), NotBefore: c.NotBefore.UTC()}
	}
	noStore(w)
	web.WriteJSON(w, http.StatusOK, list)
}

package tour

import (
	"testing"

	"stepperslife/internal/kit/proctest"
)

// TestMain removes the stepperslife binary built to run the portal.
func TestMain(m *testing.M) { proctest.Main(m) }

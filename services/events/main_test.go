package events_test

import (
	"testing"

	"stepperslife/internal/kit/proctest"
)

// TestMain removes the platform binary the process tests built.
func TestMain(m *testing.M) { proctest.Main(m) }

package services_test

import (
	"testing"

	"stepperslife/internal/kit/proctest"
)

// TestMain removes the platform binary any process test built.
func TestMain(m *testing.M) { proctest.Main(m) }

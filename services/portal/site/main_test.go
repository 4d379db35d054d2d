package site

import (
	"testing"

	"stepperslife/services/portal/aggregate/proctest"
)

func TestMain(m *testing.M) { proctest.Main(m) }

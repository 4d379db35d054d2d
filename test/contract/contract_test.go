package contract

import (
	"testing"
)

// TestContract runs the platform once and checks CONTRACT.md against it from the
// outside. The parts run in order: later ones use what earlier ones made (accounts,
// a restaurant, an event), and the last one stops a service.
func TestContract(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs seven service processes")
	}
	p := startPlatform(t)
	w := &world{p: p}
	t.Run("every service", func(t *testing.T) { testEveryService(t, p) })
	t.Run("readiness names what fails", func(t *testing.T) { testReadiness(t, p) })
	t.Run("configuration errors", func(t *testing.T) { testConfiguration(t, p) })
	t.Run("identity", func(t *testing.T) { testIdentity(t, p) })
	t.Run("accounts", func(t *testing.T) { w.setUp(t) })
	if w.admin == nil {
		t.Fatal("the accounts the remaining checks need could not be made")
	}
	t.Run("one sign-in for every service", func(t *testing.T) { testSingleSignOn(t, w) })
	t.Run("admin queue", func(t *testing.T) { testAdminQueue(t, w) })
	t.Run("restaurants", func(t *testing.T) { testRestaurants(t, w) })
	t.Run("events", func(t *testing.T) { testEvents(t, w) })
	t.Run("portal", func(t *testing.T) { testPortal(t, w) })
	t.Run("data under DATA_DIR/NAME only", func(t *testing.T) { testDataLayout(t, p) })
	t.Run("a service down", func(t *testing.T) { testServiceDown(t, w) })
}

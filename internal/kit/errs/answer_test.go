package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestAnswer(t *testing.T) {
	missing := errors.New("not found")
	contract := NotFound("Order")
	if got := Answer(fmt.Errorf("store: order o1: %w", missing), missing, contract); got != error(contract) {
		t.Fatalf("wrapped sentinel: %v", got)
	}
	other := errors.New("disk full")
	if got := Answer(other, missing, contract); got != other {
		t.Fatalf("other error: %v", got)
	}
	if got := Answer(nil, missing, contract); got != nil {
		t.Fatalf("nil: %v", got)
	}
}

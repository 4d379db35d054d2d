package holds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// lapsed is a table of held orders: those open until closed.
type lapsed struct{ open map[string]bool }

func newLapsed(n int) *lapsed {
	l := &lapsed{open: map[string]bool{}}
	for i := range n {
		l.open[fmt.Sprintf("o%03d", i)] = true
	}
	return l
}

func (l *lapsed) due(_ context.Context, limit int) ([]string, error) {
	var ids []string
	for id, open := range l.open {
		if open && len(ids) < limit {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func TestExpireClosesEveryBatch(t *testing.T) {
	l := newLapsed(2*expireBatch + 7)
	n, err := Expire(context.Background(), l.due, func(_ context.Context, id string) (bool, error) {
		l.open[id] = false
		return true, nil
	})
	if err != nil || n != 2*expireBatch+7 {
		t.Fatalf("closed %d, %v", n, err)
	}
	for id, open := range l.open {
		if open {
			t.Fatalf("%s left open", id)
		}
	}
}

func TestExpireCountsOnlyWhatItClosed(t *testing.T) {
	l := newLapsed(3)
	paid := "o001"
	n, err := Expire(context.Background(), l.due, func(_ context.Context, id string) (bool, error) {
		l.open[id] = false
		return id != paid, nil
	})
	if err != nil || n != 2 {
		t.Fatalf("closed %d, %v", n, err)
	}
	boom := errors.New("boom")
	l = newLapsed(3)
	n, err = Expire(context.Background(), l.due, func(context.Context, string) (bool, error) { return false, boom })
	if !errors.Is(err, boom) || n != 0 {
		t.Fatalf("failure: %d %v", n, err)
	}
	_, err = Expire(context.Background(), func(context.Context, int) ([]string, error) { return nil, boom }, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("listing failure: %v", err)
	}
}

func TestSweepRunsAndLogs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	ctx, cancel := context.WithCancel(context.Background())
	Sweep(ctx, log, "expired unpaid holds", func(context.Context) (int, error) {
		cancel() // one round, then stop
		return 3, nil
	})
	if !strings.Contains(buf.String(), "expired unpaid holds") || !strings.Contains(buf.String(), "orders=3") {
		t.Fatalf("log: %s", buf.String())
	}
}

package db

import (
	"reflect"
	"testing"
)

func TestArgsNumberPlaceholdersInOrder(t *testing.T) {
	var a Args
	where := "status = " + a.Add("OPEN") + " AND id IN (" + a.List("a", "b") + ")"
	limit := a.Add(20)
	if where != "status = $1 AND id IN ($2,$3)" || limit != "$4" {
		t.Fatalf("placeholders %q %q", where, limit)
	}
	if !reflect.DeepEqual(a.Values(), []any{"OPEN", "a", "b", 20}) {
		t.Fatalf("values %v", a.Values())
	}
	var empty Args
	if empty.List() != "" || len(empty.Values()) != 0 {
		t.Fatal("an empty list has no placeholders")
	}
}

// Package contract holds the outside-in tests of the SteppersLife contract
// (CONTRACT.md): the real stepperslife binary runs the seven services as their own
// processes on free ports, and the tests talk to them only over HTTP and the command
// line, as a browser, a script or an operator would.
package contract

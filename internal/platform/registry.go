// Package platform names the seven services of the seed and the resources each owns.
// It is the single place where ports, database names and buckets are written down.
package platform

// Spec is one service's fixed address book entry.
type Spec struct {
	Name     string // serve NAME
	Port     int    // default PORT
	Database string // PostgreSQL database name
	Bucket   string // default MINIO_BUCKET_NAME; empty for the portal
	URLVar   string // the portal's variable that points at this service
}

// All lists the portal first, then the six isolated services.
var All = []Spec{
	{Name: "portal", Port: 3001, Database: "stepperslife_main"},
	{Name: "restaurants", Port: 3010, Database: "stepperslife_restaurants", Bucket: "restaurants", URLVar: "RESTAURANTS_URL"},
	{Name: "events", Port: 3004, Database: "stepperslife_events", Bucket: "events", URLVar: "EVENTS_URL"},
	{Name: "store", Port: 3008, Database: "stepperslife_store", Bucket: "store", URLVar: "STORE_URL"},
	{Name: "classes", Port: 3009, Database: "stepperslife_classes", Bucket: "classes", URLVar: "CLASSES_URL"},
	{Name: "magazine", Port: 3007, Database: "stepperslife_magazine", Bucket: "magazine", URLVar: "MAGAZINE_URL"},
	{Name: "services", Port: 3011, Database: "stepperslife_services", Bucket: "services", URLVar: "SERVICES_URL"},
}

// Lookup finds a service by its name.
func Lookup(name string) (Spec, bool) {
	for _, s := range All {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// Names returns the service names in start order.
func Names() []string {
	out := make([]string, len(All))
	for i, s := range All {
		out[i] = s.Name
	}
	return out
}

// Verticals are the six business services, without the portal.
func Verticals() []Spec { return All[1:] }

package domain

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
)

// zipsCSV is a bundled table of Chicagoland ZIP codes (Chicago, its suburbs and
// northwest Indiana) with the city each belongs to and an approximate centre: enough
// to find providers near a customer without calling out to a geocoder.
//
//go:embed zips.csv
var zipsCSV []byte

// Place is a point on the map with the ZIP and city it stands for.
type Place struct {
	ZIP  string
	City string
	Lat  float64
	Lon  float64
}

var (
	placesByZIP  = map[string]Place{}
	placesByCity = map[string][]Place{}
)

func init() {
	rows, err := csv.NewReader(bytes.NewReader(zipsCSV)).ReadAll()
	if err != nil {
		panic("services domain: bundled zips.csv: " + err.Error()) // a build defect, caught by every test
	}
	for _, r := range rows[1:] {
		lat, err1 := strconv.ParseFloat(r[2], 64)
		lon, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil {
			panic("services domain: bundled zips.csv: bad row " + strings.Join(r, ","))
		}
		p := Place{ZIP: r[0], City: r[1], Lat: lat, Lon: lon}
		placesByZIP[p.ZIP] = p
		key := strings.ToLower(p.City)
		placesByCity[key] = append(placesByCity[key], p)
	}
}

// PlaceOfZIP finds a bundled ZIP code.
func PlaceOfZIP(zip string) (Place, bool) {
	p, ok := placesByZIP[strings.TrimSpace(zip)]
	return p, ok
}

// PlaceOfCity finds a bundled city (case does not matter) at the centre of its ZIP codes.
func PlaceOfCity(city string) (Place, bool) {
	ps := placesByCity[strings.ToLower(strings.TrimSpace(city))]
	if len(ps) == 0 {
		return Place{}, false
	}
	c := Place{City: ps[0].City}
	for _, p := range ps {
		c.Lat += p.Lat / float64(len(ps))
		c.Lon += p.Lon / float64(len(ps))
	}
	return c, true
}

// Locate finds where a listing or a search stands: by ZIP when bundled, else by city.
func Locate(zip, city string) (Place, bool) {
	if p, ok := PlaceOfZIP(zip); ok {
		return p, true
	}
	return PlaceOfCity(city)
}

// Miles is the great-circle distance between a and b.
func Miles(a, b Place) float64 {
	const earthMiles = 3958.8
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthMiles * math.Asin(math.Sqrt(h))
}

// MilesPerDegree gives, at latitude lat, how many miles one degree of latitude and of
// longitude span. Stores compare squared distances with them in plain arithmetic (no
// trigonometry in SQL, the same on both databases): at the scale of a metro area the
// flat approximation is within a fraction of a percent of Miles.
func MilesPerDegree(lat float64) (latMiles, lonMiles float64) {
	return 69.0, 69.172 * math.Cos(lat*math.Pi/180)
}

package dsn

// famGeneric is the fallback for bounces from unknown software: the
// generic shapes only.
var famGeneric = family{
	name: "generic",
}

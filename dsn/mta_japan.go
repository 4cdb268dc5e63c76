package dsn

// Japanese mobile carriers (NTT docomo, au/KDDI, SoftBank) and providers.
var famJapan = family{
	name: "japan",
	from: []string{"@ezweb.ne.jp", "@au.com", "@docomo.ne.jp", "@softbank.ne.jp", "@biglobe.ne.jp",
		"@disney.ne.jp", "@vodafone.ne.jp", ".dion.ne.jp"},
	body: []string{"ezweb.ne.jp", "docomo.ne.jp", "softbank.ne.jp", "could not be delivered to:",
		"auone-net.jp", "au one net"},
}

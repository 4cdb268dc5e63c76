package hygiene

// commonDomains are the consumer mail domains that typo hints are made
// against, roughly most used first: the first of two equally near domains
// is the one suggested. Real domains that are one typo away from a larger
// one (mail.com, email.com, ymail.com, gmx.com) are listed so that they are
// recognised as they are and never "corrected".
var commonDomains = []string{
	// Global.
	"gmail.com", "googlemail.com",
	"yahoo.com", "ymail.com", "rocketmail.com",
	"hotmail.com", "outlook.com", "live.com", "msn.com",
	"icloud.com", "me.com", "mac.com",
	"aol.com", "aim.com",
	"protonmail.com", "proton.me", "pm.me",
	"zoho.com", "fastmail.com", "hey.com", "tutanota.com",
	"mail.com", "email.com", "gmx.com", "yandex.com",
	// Japan.
	"yahoo.co.jp", "ybb.ne.jp",
	"docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp",
	"icloud.jp", "outlook.jp", "hotmail.co.jp", "live.jp",
	"nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "so-net.ne.jp", "plala.or.jp",
	// Europe.
	"yahoo.co.uk", "hotmail.co.uk", "live.co.uk", "btinternet.com", "sky.com",
	"hotmail.fr", "yahoo.fr", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr",
	"gmx.de", "gmx.net", "web.de", "t-online.de", "freenet.de",
	"hotmail.it", "libero.it", "virgilio.it", "tiscali.it",
	"hotmail.es", "yahoo.es",
	"mail.ru", "yandex.ru", "rambler.ru",
	// Americas.
	"comcast.net", "verizon.net", "att.net", "sbcglobal.net", "cox.net", "charter.net",
	"yahoo.ca", "hotmail.ca", "shaw.ca", "rogers.com",
	"yahoo.com.br", "hotmail.com.br", "uol.com.br", "bol.com.br",
	"yahoo.com.mx", "hotmail.com.mx",
	// Asia, Oceania.
	"qq.com", "163.com", "126.com", "sina.com", "naver.com", "daum.net", "hanmail.net",
	"yahoo.com.tw", "yahoo.com.hk", "rediffmail.com",
	"bigpond.com", "optusnet.com.au", "yahoo.com.au",
}

// tldTypos maps mistyped top-level domains that are not real ones to the
// intended one, for domains not near a common domain.
var tldTypos = map[string]string{
	"con": "com", "cmo": "com", "ocm": "com", "vom": "com", "xom": "com",
	"cpm": "com", "comm": "com", "coom": "com", "c0m": "com", "colm": "com",
	"nte": "net", "nett": "net", "ner": "net",
	"ogr": "org", "orgg": "org", "rog": "org",
}

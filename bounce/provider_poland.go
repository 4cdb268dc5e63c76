package bounce

import "slices"

// The large Polish mailbox providers: Interia (interia.pl, poczta.fm), WP
// and o2 (Wirtualna Polska), Onet, and the hoster Forpsi (konto.pl), whose
// filter answers for many Polish and Czech business domains. Replies are
// English or Polish; Polish texts often come without diacritics
// ("zostal", "Twoj").
//
// Sources: https://pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600,
// https://www.suped.com/knowledge/email-deliverability/troubleshooting/why-are-my-emails-to-interiapl-being-rejected-and-what-can-i-do-about-it
// (Interia's temporary block), https://pomoc.poczta.onet.pl/baza-wiedzy/co-zrobic-w-przypadku-odeslanych-lub-odrzuconych-e-maili/,
// https://support.konto.pl/kb/a2871/ograniczenie-wiadomosci-przychodzacych-na-serwerze-pocztowym-mxavas_forpsi_com.aspx.
var polandRules = slices.Concat(
	// Interia: "550 5.7.1 Recipient doesn't want your mail": "the account
	// you are trying to send an email has probably added you to a blocked
	// list": the recipient's own filter.
	group(ReasonFiltered, strong, "recipient doesn't want your mail"),
	// Interia: "550 5.7.0 [SPF] host (host number) is not allowed to send
	// mail from domain": the domain owner's SPF record does not list the
	// sending IP (an authentication failure, not a block of the IP).
	group(ReasonAuthFailure, strong, "[spf] "),
	// Interia: "450 4.7.1 Twoj serwer poczty x.x.x.x zostal tymczasowo
	// zablokowany za spam": the sending server is blocked for a while.
	group(ReasonBlocked, strong, "zablokowany za spam", "zostal tymczasowo zablokowany",
		"został tymczasowo zablokowany"),
	// Polish texts of the common conditions (the help pages' wording):
	// "konto nie istnieje" / "docelowe konto nie istnieje" (the account
	// does not exist), "skrzynka odbiorcy jest przepełniona" (the box is
	// full), "konto zostało zawieszone" / "zablokowane" (suspended),
	// "przekroczono limit" (a sending limit).
	group(ReasonUserUnknown, strong, "konto nie istnieje", "adresat nie istnieje", "skrzynka nie istnieje",
		"użytkownik nie istnieje", "uzytkownik nie istnieje", "adres odbiorcy nie istnieje"),
	group(ReasonMailboxFull, strong, "skrzynka odbiorcy jest pełna", "skrzynka odbiorcy jest przepełniona",
		"skrzynka jest pełna", "skrzynka jest przepełniona", "przepełniona skrzynka", "skrzynka pełna",
		"skrzynka odbiorcy jest pelna", "skrzynka jest pelna", "przepelniona"),
	group(ReasonSuspend, strong, "konto zostało zawieszone", "konto zostalo zawieszone", "konto jest zablokowane",
		"konto zostało zablokowane", "konto zostalo zablokowane"),
	group(ReasonSpamDetected, strong, "oznaczona jako spam", "uznana za spam"),
)

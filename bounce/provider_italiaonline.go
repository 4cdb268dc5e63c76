package bounce

import "slices"

// Libero and Virgilio (Italiaonline). Their help pages list the DSN
// phrases their users get, mostly in English; the Italian ones come from
// localized NDRs.
//
// Sources: https://aiuto.libero.it/articolo/mail/messaggi-di-errore-piu-frequenti-dopo-invio-email,
// https://aiuto.virgilio.it/articolo/mail/messaggi-di-errore-piu-frequenti-dopo-invio-email/.
var italiaonlineRules = slices.Concat(
	// "MAILBOX FULL (User quota exceeded)": "La casella ... ha raggiunto il
	// limite massimo di capienza".
	group(ReasonMailboxFull, strong, "user quota exceeded", "limite massimo di capienza", "spazio esaurito"),
	// "BAD DESTINATION MAILBOX ADDRESS - USER UNKNOWN": "L'indirizzo di
	// posta al quale stai scrivendo non esiste."
	group(ReasonUserUnknown, strong, "bad destination mailbox address", "casella inesistente"),
	// "ROUTING SERVER FAILURE": "Si verifica quando il dominio ... non
	// esiste o è stato digitato in maniera non corretta."
	group(ReasonHostUnknown, strong, "routing server failure"),
	// "RELAYING NOT ALLOWED (550 Relay Disabled)".
	group(ReasonNoRelaying, strong, "relay disabled"),
	// Italian: "casella disabilitata", "account disattivato".
	group(ReasonSuspend, strong, "casella disabilitata", "account disattivato"),
)

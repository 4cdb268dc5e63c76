package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Microsoft Exchange and Office 365 send non-delivery reports ("NDR") in
// HTML and text; older versions send only text.
var famExchange = family{
	name: "exchange",
	header: []string{"X-Ms-Exchange-Message-Is-Ndr", "X-Ms-Exchange-Crosstenant-Originalarrivaltime",
		"X-Ms-Tnef-Correlator"},
	body: []string{
		"delivery has failed to these recipients or groups",
		"your message did not reach some or all of the intended recipients",
		"the following recipient(s) could not be reached",
		"diagnostic information for administrators",
		"did not reach the following recipient(s)",
		// Localised Exchange and Office 365 NDRs.
		"die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen",
		"la remise du message aux destinataires ou groupes suivants a échoué",
		"error en la entrega a estos destinatarios o grupos",
		"o envio falhou para estes destinatários ou grupos",
		"recapito non riuscito a questi destinatari o gruppi",
		"これらの受信者またはグループへの配信に失敗しました",
	},
	hints: []hint{
		{"the recipient name is not recognized", bounce.ReasonUserUnknown, false},
	},
	begin: []string{
		"did not reach the following recipient(s)",
		"die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen",
		"la remise du message aux destinataires ou groupes suivants a échoué",
		"error en la entrega a estos destinatarios o grupos",
		"o envio falhou para estes destinatários ou grupos",
		"recapito non riuscito a questi destinatari o gruppi",
		"これらの受信者またはグループへの配信に失敗しました",
		"delivery has failed to these recipients or groups",
		"your message did not reach some or all of the intended recipients",
		"the following recipient(s) could not be reached",
		"your message wasn't delivered to",
	},
	end: []string{"original message headers:"},
}

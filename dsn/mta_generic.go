package dsn

import "github.com/bouncekit/bouncekit/bounce"

// famGeneric is the fallback for bounces from unknown software: the
// generic shapes only. Its hints apply to every family, after the
// family's own.
var famGeneric = family{
	name: "generic",
	// Sentences that only bounces say, in several languages.
	body: []string{
		"your message could not be delivered", "could not be delivered to the following",
		"delivery to the following recipients failed", "the following recipients could not be reached",
		"die nachricht konnte nicht zugestellt werden", "konnte nicht zugestellt werden",
		"votre message n'a pas pu être remis", "n'a pas pu être remis",
		"no se pudo entregar el mensaje", "el mensaje no se pudo entregar",
		"a mensagem não pôde ser entregue", "il messaggio non è stato recapitato",
		"宛先不明", "送信できませんでした", "配信できませんでした", "无法投递", "無法投遞",
	},
	hints: []hint{
		// QUIRK(au/KDDI): a reply naming no address, "550 : User
		// unknown", is the recipient's receiving filter, not a missing
		// mailbox.
		{"550 : user unknown", bounce.ReasonFiltered, false},
		{"550: : user unknown", bounce.ReasonFiltered, false},
		// QUIRK(Yahoo): "554 delivery error: dd This user doesn't have
		// a yahoo.com account" comes after DATA but means no mailbox.
		{"delivery error: dd this user doesn't have", bounce.ReasonUserUnknown, false},
		{"delivery error: dd requested mail action aborted", bounce.ReasonUserUnknown, false},
	},
}

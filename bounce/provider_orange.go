package bounce

import "slices"

// Orange and Wanadoo (orange.fr, wanadoo.fr) and La Poste (laposte.net),
// which share the code scheme: "OFR_NNN", "OFRxxx_NNN", "LPNxxx_NNN" or
// "LPNAAA_NNN", where the last three digits say why; the text is in French
// and English ("Boite du destinataire pleine. Recipient overquota.").
//
// Sources: https://postmaster.orange.fr,
// https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/,
// https://bentonow.com/smtp-errors/orange.
var orangeRules = slices.Concat(
	// 101, 102: "Adresse IP source bloquee pour incident de spam. Client
	// host blocked for spamming issues" (Spamhaus, Cloudmark, SenderScore);
	// 103: "Service refuse ... Service refused" to the blocked IP; 510:
	// "service refused, please try later" after the data (LPN005_510); 999:
	// "Service refuse" to a blocked IP.
	orangeCodes(ReasonBlocked, "101", "102", "103", "510", "999"),
	// 105, 107, 108, 109: "Service refuse. Veuillez essayer plus tard":
	// a temporary refusal that Orange ties to the sender's reputation and
	// volume; the page asks senders to pause for hours, not to suppress.
	orangeCodes(ReasonBlocked, "105", "107", "108", "109"),
	// 104: "Trop de connexions, veuillez verifier votre configuration. Too
	// many connections, slow down."
	orangeCodes(ReasonTooManyConn, "104"),
	// 305: "Code d'authentification invalide"; 402: "Authentification
	// requise. Authentication Required."
	orangeCodes(ReasonSecurityError, "305", "402"),
	// 401: "SPF: ... is not allowed to send mail"; 517: "Message refuse,
	// verification DMARC en echec".
	orangeCodes(ReasonAuthFailure, "401", "517"),
	// 403, 405, 415: "Emetteur invalide. Invalid Sender."; 421: "Mail from
	// not owned by user".
	orangeCodes(ReasonRejected, "403", "405", "415", "421"),
	// 416: "Adresse d au moins un destinataire invalide. Invalid recipient."
	orangeCodes(ReasonUserUnknown, "416"),
	// 417: "Boite du destinataire pleine. Recipient overquota."
	orangeCodes(ReasonMailboxFull, "417"),
	// 420: "Boite du destinataire archivee. Archived recipient."; 426: "Le
	// compte du destinataire est bloque. The recipient account is blocked."
	orangeCodes(ReasonSuspend, "420", "426"),
	// 505: "421 4.2.0 Service refuse. Veuillez essayer plus tard" after the
	// data: a transient refusal of the message.
	orangeCodes(ReasonSystemError, "505"),
	// 506: "Mail rejete. Mail rejected.": Orange's filter read the
	// message as spam.
	orangeCodes(ReasonSpamDetected, "506"),
	// 514: "Taille limite du message atteinte".
	orangeCodes(ReasonMesgTooBig, "514"),
	// 630: "Client host rejected".
	orangeCodes(ReasonPolicyViolation, "630"),
	// The French texts without a code.
	group(ReasonBlocked, strong, "adresse ip source bloquee"),
	group(ReasonUserUnknown, strong, "adresse d au moins un destinataire invalide"),
	group(ReasonSuspend, strong, "le compte du destinataire est bloque"),
	group(ReasonAuthFailure, strong, "verification dmarc en echec", "spf/dns de votre nom de domaine"),
	group(ReasonSecurityError, strong, "code d'authentification invalide", "authentification requise"),
)

// orangeCodes returns the rules for Orange's and La Poste's codes in all
// the prefixes they are seen with. La Poste also writes a code straight
// after its letters ("Invalid recipient. LPN416"); that form is left out
// for 105, which would read the prefix of "LPN105_104" as a code.
func orangeCodes(r Reason, codes ...string) []textRule {
	bare := slices.DeleteFunc(slices.Clone(codes), func(c string) bool { return c == "105" })
	return slices.Concat(tokens(r, []string{
		"ofr_", "ofr000_", "ofr001_", "ofr002_", "ofr003_", "ofr004_", "ofr005_", "ofr006_", "ofr007_",
		"lpn000_", "lpn001_", "lpn002_", "lpn003_", "lpn004_", "lpn005_", "lpn006_", "lpn007_",
		"lpn105_", "lpnaaa_", "ouk_",
	}, codes...), tokens(r, []string{"lpn"}, bare...))
}

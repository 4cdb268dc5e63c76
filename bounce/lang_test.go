package bounce

import "testing"

// langReplies are replies and DSN diagnostics in the languages large
// receivers send them in: French, German, Spanish, Portuguese, Italian,
// Japanese, Chinese (simplified and traditional) and Russian. Each is a
// whole reply or diagnostic line as the provider or system writes it,
// with its source page, or "knowledge: <product>" where it is what the
// product is known to write (Exchange's and Gmail's localized NDRs are
// the same sentences in every tenant of a language). Addresses and hosts
// are RFC 2606 names and RFC 5737 addresses.
//
// Many rows carry only a basic code, or an enhanced code that says less
// than the text, so that the localized words are what decides.
var langReplies = []langRow{
	// French: Exchange/Office 365 NDRs ("Échec de la remise"), Gmail's
	// DSN, Orange/Wanadoo, Free, SFR, La Poste.
	{"fr", providerRow{"exchange-fr", "knowledge: Exchange Online NDR (fr-FR)", "Échec de la remise à ces destinataires ou groupes : someone@example.com L'adresse de messagerie que vous avez entrée est introuvable. Vérifiez l'adresse de messagerie du destinataire et renvoyez le message.", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"exchange-fr", "knowledge: Exchange Online NDR (fr-FR)", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; L’adresse de messagerie que vous avez entrée est introuvable", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"exchange-fr", "knowledge: Exchange Online NDR (fr-FR)", "554 La boîte aux lettres du destinataire est pleine et ne peut pas accepter de messages pour l'instant.", Soft, ReasonMailboxFull}},
	{"fr", providerRow{"exchange-fr", "knowledge: Exchange Online NDR (fr-FR)", "550 Votre message est trop volumineux pour être remis. Réduisez la taille des pièces jointes et renvoyez-le.", Soft, ReasonMesgTooBig}},
	{"fr", providerRow{"gmail-fr", "knowledge: Gmail DSN (fr)", "550-5.1.1 Le compte de messagerie que vous avez essayé de joindre n'existe pas.", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"gmail-fr", "knowledge: Gmail DSN (fr)", "Adresse introuvable. Votre message n'a pas été distribué à someone@example.com, car l'adresse est introuvable ou ne peut pas recevoir d'e-mails.", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"gmail-fr", "knowledge: Gmail DSN (fr)", "550 Le compte de messagerie que vous avez essayé de joindre est désactivé.", Hard, ReasonSuspend}},
	{"fr", providerRow{"orange", "knowledge: Orange/Wanadoo", "550 5.1.1 <someone@example.com>: Utilisateur inconnu", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"sfr", "knowledge: SFR", "550 <someone@example.com>: Destinataire inconnu", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"laposte", "knowledge: La Poste", "550 Adresse e-mail inexistante", Hard, ReasonUserUnknown}},
	{"fr", providerRow{"postfix-fr", "knowledge: French hosting (Postfix reply text)", "550 5.1.2 <someone@example.org>: le domaine example.org n'existe pas", Hard, ReasonHostUnknown}},
	{"fr", providerRow{"postfix-fr", "knowledge: French hosting (Postfix reply text)", "550 Domaine inconnu : example.org", Hard, ReasonHostUnknown}},
	{"fr", providerRow{"postfix-fr", "knowledge: French hosting (Postfix reply text)", "550 Domaine du destinataire inconnu", Hard, ReasonHostUnknown}},
	{"fr", providerRow{"free", "knowledge: Free", "452 4.2.2 <someone@example.com>: Quota dépassé pour ce destinataire", Soft, ReasonMailboxFull}},
	{"fr", providerRow{"orange", "knowledge: Orange/Wanadoo", "550 Boite du destinataire pleine. Recipient overquota.", Soft, ReasonMailboxFull}},
	{"fr", providerRow{"laposte", "knowledge: La Poste", "550 Ce compte a été désactivé", Hard, ReasonSuspend}},
	{"fr", providerRow{"orange", "knowledge: Orange/Wanadoo", "554 Votre adresse IP est bloquée pour cause d'envoi de spam", Spam, ReasonBlocked}},
	{"fr", providerRow{"free", "knowledge: Free", "550 Votre serveur est inscrit sur une liste noire", Spam, ReasonBlocked}},
	{"fr", providerRow{"sfr", "knowledge: SFR", "550 Message refusé : considéré comme spam", Spam, ReasonSpamDetected}},
	{"fr", providerRow{"orange", "knowledge: Orange/Wanadoo", "550 5.1.0 Adresse de l'expéditeur refusée", Spam, ReasonRejected}},
	{"fr", providerRow{"laposte", "knowledge: La Poste", "550 Expéditeur inconnu", Spam, ReasonRejected}},
	{"fr", providerRow{"exchange-fr", "knowledge: Exchange Server DSN (fr-FR)", "Le message a expiré : le serveur de destination n'a pas répondu après plusieurs tentatives de remise.", Soft, ReasonExpired}},
	{"fr", providerRow{"postfix-fr", "knowledge: French hosting (Postfix reply text)", "451 Erreur temporaire du serveur, veuillez réessayer plus tard", Soft, ReasonSystemError}},
	{"fr", providerRow{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]", Soft, ReasonTooManyConn}},
	{"fr", providerRow{"postfix-fr", "knowledge: French hosting (Postfix reply text)", "554 Relais refusé pour someone@example.org", Soft, ReasonNoRelaying}},
	{"fr", providerRow{"postfix-fr", "knowledge: French hosting (Postfix reply text)", "550 Message refusé par la politique de sécurité du domaine", Spam, ReasonPolicyViolation}},

	// German: Exchange/Office 365 NDRs ("Unzustellbar"), Gmail's DSN,
	// GMX/WEB.DE, T-Online, 1&1/IONOS, Freenet.
	{"de", providerRow{"exchange-de", "knowledge: Exchange Online NDR (de-DE)", "Fehler bei der Zustellung an folgende Empfänger oder Gruppen: someone@example.com Die eingegebene E-Mail-Adresse wurde nicht gefunden. Überprüfen Sie die E-Mail-Adresse des Empfängers, und versuchen Sie erneut, die Nachricht zu senden.", Hard, ReasonUserUnknown}},
	{"de", providerRow{"exchange-de", "knowledge: Exchange Online NDR (de-DE)", "554 Das Postfach des Empfängers ist voll und kann derzeit keine Nachrichten annehmen.", Soft, ReasonMailboxFull}},
	{"de", providerRow{"exchange-de", "knowledge: Exchange Online NDR (de-DE)", "550 Ihre Nachricht ist zu groß und konnte nicht zugestellt werden.", Soft, ReasonMesgTooBig}},
	{"de", providerRow{"gmail-de", "knowledge: Gmail DSN (de)", "550-5.1.1 Das E-Mail-Konto, das Sie erreichen wollten, existiert nicht.", Hard, ReasonUserUnknown}},
	{"de", providerRow{"gmail-de", "knowledge: Gmail DSN (de)", "Adresse nicht gefunden. Ihre Nachricht wurde nicht an someone@example.com zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.", Hard, ReasonUserUnknown}},
	{"de", providerRow{"gmail-de", "knowledge: Gmail DSN (de)", "550 Das E-Mail-Konto, das Sie erreichen wollten, ist deaktiviert.", Hard, ReasonSuspend}},
	{"de", providerRow{"web.de", "web.de/email/tipps/posts/mailer-daemon/91/", "550 Empfänger unbekannt", Hard, ReasonUserUnknown}},
	{"de", providerRow{"t-online", "telekom.de/hilfe/.../fehler-mailer-daemon", "550 5.1.1 <someone@example.com>: Teilnehmer existiert nicht", Hard, ReasonUserUnknown}},
	{"de", providerRow{"freenet", "knowledge: Freenet", "550 5.1.1 <someone@example.com>: Mailbox existiert nicht", Hard, ReasonUserUnknown}},
	{"de", providerRow{"ionos", "knowledge: 1&1/IONOS", "550 5.1.1 Benutzer unbekannt", Hard, ReasonUserUnknown}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "550 5.1.2 Die Domain example.org existiert nicht", Hard, ReasonHostUnknown}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "550 Domain unbekannt: example.org", Hard, ReasonHostUnknown}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "550 Host unbekannt", Hard, ReasonHostUnknown}},
	{"de", providerRow{"gmx", "knowledge: GMX", "550 Postfach voll", Soft, ReasonMailboxFull}},
	{"de", providerRow{"t-online", "telekom.de/hilfe/.../fehler-mailer-daemon", "452 4.2.2 Mailbox voll / Speicherplatz des Empfängers erschöpft", Soft, ReasonMailboxFull}},
	{"de", providerRow{"ionos", "knowledge: 1&1/IONOS", "550 Das Konto des Empfängers wurde gesperrt", Hard, ReasonSuspend}},
	{"de", providerRow{"freenet", "knowledge: Freenet", "550 Postfach deaktiviert", Hard, ReasonSuspend}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "554 Ihre IP-Adresse ist gesperrt", Spam, ReasonBlocked}},
	{"de", providerRow{"gmx", "knowledge: GMX", "550 Nachricht wurde als Spam eingestuft", Spam, ReasonSpamDetected}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "550 5.7.1 Absender unbekannt", Spam, ReasonRejected}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "553 Absenderadresse abgelehnt: Domain existiert nicht", Spam, ReasonRejected}},
	{"de", providerRow{"exchange-de", "knowledge: Exchange Server DSN (de-DE)", "Die Nachricht ist abgelaufen: der Zielserver hat nach mehreren Zustellversuchen nicht geantwortet.", Soft, ReasonExpired}},
	{"de", providerRow{"web.de", "postmaster.web.de/de/fehlermeldungen", "421 Überlastsituation, bitte später erneut versuchen", Soft, ReasonSystemError}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "451 Temporärer Fehler, bitte versuchen Sie es später erneut", Soft, ReasonSystemError}},
	{"de", providerRow{"web.de", "newsroom.gmx.net/2017/09/28/unzustellbar-fehlermeldungen-email/", "421 Zu viele E-Mails in zu kurzer Zeit", Soft, ReasonSpeeding}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "550 Relaying nicht erlaubt", Soft, ReasonNoRelaying}},
	{"de", providerRow{"postfix-de", "knowledge: German hosting (Postfix reply text)", "550 Nachricht verstößt gegen die Richtlinien des Empfängers", Spam, ReasonPolicyViolation}},

	// Spanish: Exchange/Office 365 NDRs ("No se puede entregar"), Gmail's
	// DSN, Telefónica/Movistar, Terra.
	{"es", providerRow{"exchange-es", "knowledge: Exchange Online NDR (es-ES)", "Error en la entrega a estos destinatarios o grupos: someone@example.com No se encontró la dirección de correo electrónico que especificó. Compruebe la dirección de correo electrónico del destinatario e intente volver a enviar el mensaje.", Hard, ReasonUserUnknown}},
	{"es", providerRow{"exchange-es", "knowledge: Exchange Online NDR (es-ES)", "554 El buzón de correo del destinatario está lleno y no puede aceptar mensajes en este momento.", Soft, ReasonMailboxFull}},
	{"es", providerRow{"exchange-es", "knowledge: Exchange Online NDR (es-ES)", "550 Su mensaje es demasiado grande para entregarlo.", Soft, ReasonMesgTooBig}},
	{"es", providerRow{"gmail-es", "knowledge: Gmail DSN (es)", "550-5.1.1 La cuenta de correo electrónico a la que intentaste llegar no existe.", Hard, ReasonUserUnknown}},
	{"es", providerRow{"gmail-es", "knowledge: Gmail DSN (es)", "No se ha encontrado la dirección. Tu mensaje no se ha entregado a someone@example.com porque no se ha encontrado la dirección o esta no puede recibir correo.", Hard, ReasonUserUnknown}},
	{"es", providerRow{"gmail-es", "knowledge: Gmail DSN (es)", "550 La cuenta de correo electrónico a la que intentaste llegar está inhabilitada.", Hard, ReasonSuspend}},
	{"es", providerRow{"telefonica", "knowledge: Telefónica/Movistar", "550 5.1.1 Usuario desconocido", Hard, ReasonUserUnknown}},
	{"es", providerRow{"terra-es", "knowledge: Terra", "550 5.1.1 El usuario no existe", Hard, ReasonUserUnknown}},
	{"es", providerRow{"terra-es", "knowledge: Terra", "550 Usuario inexistente", Hard, ReasonUserUnknown}},
	{"es", providerRow{"telefonica", "knowledge: Telefónica/Movistar", "550 Destinatario desconocido: someone@example.com", Hard, ReasonUserUnknown}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "550 5.1.2 El dominio example.org no existe", Hard, ReasonHostUnknown}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "550 Dominio desconocido: example.org", Hard, ReasonHostUnknown}},
	{"es", providerRow{"terra-es", "knowledge: Terra", "452 4.2.2 El buzón del destinatario está lleno", Soft, ReasonMailboxFull}},
	{"es", providerRow{"telefonica", "knowledge: Telefónica/Movistar", "550 Cuota excedida para someone@example.com", Soft, ReasonMailboxFull}},
	{"es", providerRow{"telefonica", "knowledge: Telefónica/Movistar", "550 La cuenta del destinatario ha sido suspendida", Hard, ReasonSuspend}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "554 Su dirección IP está bloqueada", Spam, ReasonBlocked}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "554 Su servidor está en una lista negra", Spam, ReasonBlocked}},
	{"es", providerRow{"terra-es", "knowledge: Terra", "550 Mensaje rechazado por ser considerado spam", Spam, ReasonSpamDetected}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "553 El remitente no existe", Spam, ReasonRejected}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "550 Remitente rechazado", Spam, ReasonRejected}},
	{"es", providerRow{"exchange-es", "knowledge: Exchange Server DSN (es-ES)", "El mensaje ha caducado: el servidor de destino no respondió tras varios intentos de entrega.", Soft, ReasonExpired}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "451 Error temporal del servidor, inténtelo de nuevo más tarde", Soft, ReasonSystemError}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "554 Relay no permitido", Soft, ReasonNoRelaying}},
	{"es", providerRow{"postfix-es", "knowledge: Spanish hosting (Postfix reply text)", "550 Mensaje rechazado por la política de seguridad del dominio", Spam, ReasonPolicyViolation}},

	// Portuguese (Brazil): Exchange/Office 365 NDRs ("Não é possível
	// entregar"), Gmail's DSN, UOL/BOL, Terra, Locaweb.
	{"pt", providerRow{"exchange-pt", "knowledge: Exchange Online NDR (pt-BR)", "Falha na entrega para estes destinatários ou grupos: someone@example.com O endereço de email que você inseriu não foi encontrado. Verifique o endereço de email do destinatário e tente reenviar a mensagem.", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"exchange-pt", "knowledge: Exchange Online NDR (pt-BR)", "554 A caixa de correio do destinatário está cheia e não pode aceitar mensagens no momento.", Soft, ReasonMailboxFull}},
	{"pt", providerRow{"exchange-pt", "knowledge: Exchange Online NDR (pt-BR)", "550 Sua mensagem é muito grande para ser entregue.", Soft, ReasonMesgTooBig}},
	{"pt", providerRow{"gmail-pt", "knowledge: Gmail DSN (pt-BR)", "550-5.1.1 A conta de e-mail que você tentou acessar não existe.", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"gmail-pt", "knowledge: Gmail DSN (pt-BR)", "Endereço não encontrado. Sua mensagem não foi entregue a someone@example.com porque o endereço não foi encontrado ou não pode receber e-mails.", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"gmail-pt", "knowledge: Gmail DSN (pt-BR)", "550 A conta de e-mail que você tentou acessar está desativada.", Hard, ReasonSuspend}},
	{"pt", providerRow{"uol", "knowledge: UOL/BOL", "550 5.1.1 Usuário inexistente", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"locaweb", "knowledge: Locaweb", "550 <someone@example.com>: Destinatário desconhecido", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"terra-br", "knowledge: Terra", "550 O usuário não existe", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"terra-br", "knowledge: Terra", "550 Conta de e-mail não encontrada", Hard, ReasonUserUnknown}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "550 5.1.2 O domínio example.org não existe", Hard, ReasonHostUnknown}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "550 Domínio inexistente: example.org", Hard, ReasonHostUnknown}},
	{"pt", providerRow{"uol", "knowledge: UOL/BOL", "452 4.2.2 A caixa postal do destinatário está cheia", Soft, ReasonMailboxFull}},
	{"pt", providerRow{"locaweb", "knowledge: Locaweb", "550 Cota excedida para someone@example.com", Soft, ReasonMailboxFull}},
	{"pt", providerRow{"uol", "knowledge: UOL/BOL", "550 Conta suspensa", Hard, ReasonSuspend}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "554 Seu endereço IP está bloqueado", Spam, ReasonBlocked}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "554 Seu servidor está em uma lista negra", Spam, ReasonBlocked}},
	{"pt", providerRow{"locaweb", "knowledge: Locaweb", "550 Mensagem rejeitada: identificada como spam", Spam, ReasonSpamDetected}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "553 Remetente rejeitado", Spam, ReasonRejected}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "553 O remetente não existe", Spam, ReasonRejected}},
	{"pt", providerRow{"exchange-pt", "knowledge: Exchange Server DSN (pt-BR)", "A mensagem expirou: o servidor de destino não respondeu após várias tentativas de entrega.", Soft, ReasonExpired}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "451 Erro temporário no servidor, tente novamente mais tarde", Soft, ReasonSystemError}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "554 Relay não permitido", Soft, ReasonNoRelaying}},
	{"pt", providerRow{"postfix-pt", "knowledge: Brazilian hosting (Postfix reply text)", "554 Vírus detectado na mensagem", Spam, ReasonVirusDetected}},

	// Italian: Exchange/Office 365 NDRs ("Recapito non riuscito"),
	// Gmail's DSN, Libero/Italiaonline, Virgilio, Aruba.
	{"it", providerRow{"exchange-it", "knowledge: Exchange Online NDR (it-IT)", "Recapito non riuscito per i destinatari o gruppi seguenti: someone@example.com Impossibile trovare l'indirizzo di posta elettronica immesso. Controllare l'indirizzo di posta elettronica del destinatario e riprovare a inviare il messaggio.", Hard, ReasonUserUnknown}},
	{"it", providerRow{"exchange-it", "knowledge: Exchange Online NDR (it-IT)", "554 La cassetta postale del destinatario è piena e al momento non può accettare messaggi.", Soft, ReasonMailboxFull}},
	{"it", providerRow{"exchange-it", "knowledge: Exchange Online NDR (it-IT)", "550 Il messaggio è troppo grande per essere recapitato.", Soft, ReasonMesgTooBig}},
	{"it", providerRow{"gmail-it", "knowledge: Gmail DSN (it)", "550-5.1.1 L'account email che hai tentato di raggiungere non esiste.", Hard, ReasonUserUnknown}},
	{"it", providerRow{"gmail-it", "knowledge: Gmail DSN (it)", "Indirizzo non trovato. Il tuo messaggio non è stato recapitato a someone@example.com perché l'indirizzo non è stato trovato o non può ricevere email.", Hard, ReasonUserUnknown}},
	{"it", providerRow{"gmail-it", "knowledge: Gmail DSN (it)", "550 L'account email che hai tentato di raggiungere è disattivato.", Hard, ReasonSuspend}},
	{"it", providerRow{"libero", "knowledge: Libero/Italiaonline", "550 5.1.1 Utente inesistente", Hard, ReasonUserUnknown}},
	{"it", providerRow{"aruba", "knowledge: Aruba", "550 <someone@example.com>: casella inesistente", Hard, ReasonUserUnknown}},
	{"it", providerRow{"virgilio", "knowledge: Virgilio", "550 Utente sconosciuto", Hard, ReasonUserUnknown}},
	{"it", providerRow{"aruba", "guide.pec.it/posta-pec/faq-errori-comuni/errori-comuni/errori-comuni-durante-invio-ricezione-pec.aspx", "554 <someone@example.com>: Messaggio rifiutato dal sistema. Indirizzo destinatario sconosciuto o non abilitato alla ricezione di posta non certificata", Hard, ReasonUserUnknown}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "550 5.1.2 Dominio sconosciuto: example.org", Hard, ReasonHostUnknown}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "550 Il dominio example.org non esiste", Hard, ReasonHostUnknown}},
	{"it", providerRow{"virgilio", "knowledge: Virgilio", "452 4.2.2 Casella piena", Soft, ReasonMailboxFull}},
	{"it", providerRow{"aruba", "knowledge: Aruba", "550 Quota superata per someone@example.com", Soft, ReasonMailboxFull}},
	{"it", providerRow{"libero", "knowledge: Libero/Italiaonline", "550 Casella sospesa", Hard, ReasonSuspend}},
	{"it", providerRow{"aruba", "guide.pec.it/posta-pec/faq-errori-comuni/errori-comuni/errori-comuni-durante-invio-ricezione-pec.aspx", "554 Indirizzo IP bloccato temporaneamente per sospetto abuso", Spam, ReasonBlocked}},
	{"it", providerRow{"libero", "knowledge: Libero/Italiaonline", "550 Messaggio rifiutato perché considerato spam", Spam, ReasonSpamDetected}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "553 Mittente sconosciuto", Spam, ReasonRejected}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "553 Mittente rifiutato", Spam, ReasonRejected}},
	{"it", providerRow{"exchange-it", "knowledge: Exchange Server DSN (it-IT)", "Il messaggio è scaduto: il server di destinazione non ha risposto dopo vari tentativi di recapito.", Soft, ReasonExpired}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "451 Errore temporaneo del server, riprovare più tardi", Soft, ReasonSystemError}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "554 Relay non consentito", Soft, ReasonNoRelaying}},
	{"it", providerRow{"postfix-it", "knowledge: Italian hosting (Postfix reply text)", "550 Messaggio rifiutato per violazione delle policy", Spam, ReasonPolicyViolation}},

	// Japanese: Exchange/Office 365 NDRs ("配信不能"), Gmail's DSN, the
	// carriers and ISPs (NTT docomo, au/KDDI, SoftBank, OCN, BIGLOBE,
	// Nifty, DTI).
	{"ja", providerRow{"exchange-ja", "knowledge: Exchange Online NDR (ja-JP)", "次の受信者またはグループへの配信に失敗しました: someone@example.com 入力したメール アドレスが見つかりませんでした。受信者のメール アドレスを確認して、メッセージを再送信してください。", Hard, ReasonUserUnknown}},
	{"ja", providerRow{"exchange-ja", "knowledge: Exchange Online NDR (ja-JP)", "554 受信者のメールボックスがいっぱいで、現在メッセージを受け付けることができません。", Soft, ReasonMailboxFull}},
	{"ja", providerRow{"exchange-ja", "knowledge: Exchange Online NDR (ja-JP)", "550 メッセージのサイズが大きすぎるため配信できませんでした。", Soft, ReasonMesgTooBig}},
	{"ja", providerRow{"gmail-ja", "knowledge: Gmail DSN (ja)", "アドレスが見つかりません someone@example.com にメールを配信できませんでした。アドレスが見つからないか、メールを受信できないアドレスです。", Hard, ReasonUserUnknown}},
	{"ja", providerRow{"dti", "dream.jp/support/techinfo/mail/error/error05.html", "原因: <someone@example.jp> のユーザーは登録されていません", Hard, ReasonUserUnknown}},
	{"ja", providerRow{"ocn", "catv-yokohama.ne.jp/faq/.../11387", "550 5.1.1 宛先不明 someone@example.jp", Hard, ReasonUserUnknown}},
	{"ja", providerRow{"biglobe", "knowledge: BIGLOBE", "550 指定されたメールアドレスは存在しません", Hard, ReasonUserUnknown}},
	{"ja", providerRow{"nifty", "knowledge: Nifty", "550 このメールアドレスは現在使われていません", Hard, ReasonUserUnknown}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "550 5.1.2 ドメインが存在しません", Hard, ReasonHostUnknown}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "550 存在しないドメインです: example.org", Hard, ReasonHostUnknown}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "550 ホストが見つかりません: example.org", Hard, ReasonHostUnknown}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "550 ホストは存在しません", Hard, ReasonHostUnknown}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "553 差出人のドメインは存在しません", Spam, ReasonRejected}},
	{"ja", providerRow{"docomo-ja", "docs.myasp.jp/?p=7044", "552 メールボックスの容量が不足しているため一時的に受信できません", Soft, ReasonMailboxFull}},
	{"ja", providerRow{"ocn", "knowledge: OCN", "452 4.2.2 受信者のメールボックスが満杯です", Soft, ReasonMailboxFull}},
	{"ja", providerRow{"biglobe", "knowledge: BIGLOBE", "550 このアカウントは利用停止されています", Hard, ReasonSuspend}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "554 送信元IPアドレスからの接続は拒否されました", Spam, ReasonBlocked}},
	{"ja", providerRow{"softbank-ja", "knowledge: SoftBank", "550 迷惑メールと判定されたため受信を拒否しました", Spam, ReasonSpamDetected}},
	{"ja", providerRow{"au-ja", "note.com/sendmagic/n/n875d8dcb6cb8", "550 指定されたドメインからのメールは受信拒否されています", Spam, ReasonFiltered}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "553 送信者のアドレスが存在しません", Spam, ReasonRejected}},
	{"ja", providerRow{"exchange-ja", "knowledge: Exchange Server DSN (ja-JP)", "配信期限切れのため、メッセージを配信できませんでした。", Soft, ReasonExpired}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "451 一時的なエラーが発生しました。しばらくしてから再送してください", Soft, ReasonSystemError}},
	{"ja", providerRow{"au-ja", "knowledge: au/KDDI", "421 4.7.0 送信数制限を超えました", Soft, ReasonSpeeding}},
	{"ja", providerRow{"postfix-ja", "knowledge: Japanese hosting (Postfix reply text)", "554 ウイルスが検出されたため受信を拒否しました", Spam, ReasonVirusDetected}},

	// Chinese, simplified and traditional: Exchange/Office 365 NDRs
	// ("无法送达", "無法傳遞"), QQ/Tencent, NetEase 163/126, Sina,
	// Aliyun, and Taiwanese and Hong Kong hosting.
	{"zh", providerRow{"exchange-zh-cn", "knowledge: Exchange Online NDR (zh-CN)", "传递到这些收件人或组失败: someone@example.com 找不到你输入的电子邮件地址。请检查收件人的电子邮件地址，然后尝试重新发送邮件。", Hard, ReasonUserUnknown}},
	{"zh", providerRow{"exchange-zh-cn", "knowledge: Exchange Online NDR (zh-CN)", "554 收件人的邮箱已满，目前无法接收邮件。", Soft, ReasonMailboxFull}},
	{"zh", providerRow{"exchange-zh-tw", "knowledge: Exchange Online NDR (zh-TW)", "傳遞給這些收件者或群組失敗: someone@example.com 找不到您輸入的電子郵件地址。請檢查收件者的電子郵件地址，然後嘗試重新傳送郵件。", Hard, ReasonUserUnknown}},
	{"zh", providerRow{"exchange-zh-tw", "knowledge: Exchange Online NDR (zh-TW)", "554 收件者的信箱已滿，目前無法接收郵件。", Soft, ReasonMailboxFull}},
	{"zh", providerRow{"tencent", "qqmailbox.com/transceivers/169.html", "550 该用户不存在", Hard, ReasonUserUnknown}},
	{"zh", providerRow{"tencent", "qqmailbox.com/transceivers/169.html", "550 该用户未开通QQ邮箱", Hard, ReasonUserUnknown}},
	{"zh", providerRow{"tencent", "qqmailbox.com/transceivers/169.html", "552 收件人空间不足", Soft, ReasonMailboxFull}},
	{"zh", providerRow{"sina", "emailhost.com.cn/service.html?article_category=25", "550 收件人地址不存在", Hard, ReasonUserUnknown}},
	{"zh", providerRow{"163", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 用户被锁定", Hard, ReasonSuspend}},
	{"zh", providerRow{"postfix-zh", "emailhost.com.cn/service.html?article_category=25", "550 5.1.2 域名不存在", Hard, ReasonHostUnknown}},
	{"zh", providerRow{"aliyun-zh", "knowledge: Aliyun", "550 该账号已被冻结", Hard, ReasonSuspend}},
	{"zh", providerRow{"postfix-zh", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "552 邮件大小超过限制", Soft, ReasonMesgTooBig}},
	{"zh", providerRow{"postfix-zh", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 发信IP被禁止", Spam, ReasonBlocked}},
	{"zh", providerRow{"postfix-zh", "knowledge: Chinese hosting (Coremail reply text)", "554 发信IP已被列入黑名单", Spam, ReasonBlocked}},
	{"zh", providerRow{"163", "knowledge: NetEase 163/126", "550 邮件被判定为垃圾邮件", Spam, ReasonSpamDetected}},
	{"zh", providerRow{"postfix-tw", "knowledge: Taiwanese hosting", "550 郵件被判定為垃圾郵件", Spam, ReasonSpamDetected}},
	{"zh", providerRow{"postfix-zh", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "553 拒绝发件人地址", Spam, ReasonRejected}},
	{"zh", providerRow{"postfix-zh", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "554 发件人地址不合法", Spam, ReasonRejected}},
	{"zh", providerRow{"exchange-zh-cn", "knowledge: Exchange Server DSN (zh-CN)", "邮件投递超时，已超过最大重试时间，邮件无法送达。", Soft, ReasonExpired}},
	{"zh", providerRow{"postfix-zh", "knowledge: Chinese hosting (Coremail reply text)", "451 系统临时错误，请稍后重试", Soft, ReasonSystemError}},
	{"zh", providerRow{"postfix-tw", "knowledge: Taiwanese hosting", "550 5.1.1 使用者不存在", Hard, ReasonUserUnknown}},
	{"zh", providerRow{"postfix-tw", "knowledge: Taiwanese hosting", "550 帳號已停用", Hard, ReasonSuspend}},
	{"zh", providerRow{"163", "help.mail.163.com (退信代码说明)", "451 发信频率过高，请稍后再试", Soft, ReasonSpeeding}},
	{"zh", providerRow{"postfix-zh", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "552 邮件含有病毒", Spam, ReasonVirusDetected}},

	// Russian: Exchange/Office 365 NDRs ("Не удается доставить"),
	// Gmail's DSN, Mail.ru, Yandex, Rambler.
	{"ru", providerRow{"exchange-ru", "knowledge: Exchange Online NDR (ru-RU)", "Не удалось доставить сообщение следующим получателям или группам: someone@example.com Введенный адрес электронной почты не найден. Проверьте адрес электронной почты получателя и попробуйте отправить сообщение еще раз.", Hard, ReasonUserUnknown}},
	{"ru", providerRow{"exchange-ru", "knowledge: Exchange Online NDR (ru-RU)", "554 Почтовый ящик получателя переполнен, и в настоящий момент он не может принимать сообщения.", Soft, ReasonMailboxFull}},
	{"ru", providerRow{"exchange-ru", "knowledge: Exchange Online NDR (ru-RU)", "550 Сообщение слишком велико для доставки.", Soft, ReasonMesgTooBig}},
	{"ru", providerRow{"gmail-ru", "knowledge: Gmail DSN (ru)", "Адрес не найден. Ваше сообщение не доставлено на адрес someone@example.com, так как этот адрес не найден или не может получать почту.", Hard, ReasonUserUnknown}},
	{"ru", providerRow{"mail.ru", "mailout.ru/2015/09", "550 Пользователь не существует", Hard, ReasonUserUnknown}},
	{"ru", providerRow{"yandex-ru", "yandex.com/support/yandex-360/customers/mail/en/bounces/yandex", "550 5.1.1 Такого пользователя нет", Hard, ReasonUserUnknown}},
	{"ru", providerRow{"rambler", "knowledge: Rambler", "550 5.1.1 Пользователь не найден", Hard, ReasonUserUnknown}},
	{"ru", providerRow{"rambler", "knowledge: Rambler", "550 Почтовый ящик не существует", Hard, ReasonUserUnknown}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "550 5.1.2 Домен не существует", Hard, ReasonHostUnknown}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "550 Домен example.org не найден", Hard, ReasonHostUnknown}},
	{"ru", providerRow{"yandex-ru", "yandex.com/support/yandex-360/customers/mail/en/bounces/yandex", "550 Ящик переполнен", Soft, ReasonMailboxFull}},
	{"ru", providerRow{"mail.ru", "mailout.ru/2015/09", "552 Превышен размер почтового ящика", Soft, ReasonMailboxFull}},
	{"ru", providerRow{"yandex-ru", "yandex.com/support/yandex-360/customers/mail/en/bounces/yandex", "550 Почтовый ящик заблокирован", Hard, ReasonSuspend}},
	{"ru", providerRow{"mail.ru", "knowledge: Mail.ru", "550 Аккаунт заблокирован", Hard, ReasonSuspend}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "554 Ваш IP-адрес заблокирован", Spam, ReasonBlocked}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "554 Ваш сервер внесен в черный список", Spam, ReasonBlocked}},
	{"ru", providerRow{"mail.ru", "mailout.ru/2015/09", "550 Письмо похоже на спам", Spam, ReasonSpamDetected}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "553 Адрес отправителя не существует", Spam, ReasonRejected}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "553 Отправитель отклонен", Spam, ReasonRejected}},
	{"ru", providerRow{"exchange-ru", "knowledge: Exchange Server DSN (ru-RU)", "Истек срок доставки сообщения: сервер назначения не ответил после нескольких попыток.", Soft, ReasonExpired}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "451 Временная ошибка сервера, повторите попытку позже", Soft, ReasonSystemError}},
	{"ru", providerRow{"mail.ru", "knowledge: Mail.ru", "421 Слишком много писем с вашего IP, попробуйте позже", Soft, ReasonSpeeding}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "554 Пересылка запрещена", Soft, ReasonNoRelaying}},
	{"ru", providerRow{"postfix-ru", "knowledge: Russian hosting (Postfix reply text)", "554 Обнаружен вирус", Spam, ReasonVirusDetected}},
}

// langRow is a provider's reply in one language (an ISO 639-1 code).
type langRow struct {
	lang string
	providerRow
}

// TestLangReplies classifies the localized replies: at least 20 rows for
// each language, and 160 in all.
func TestLangReplies(t *testing.T) {
	per := map[string]int{}
	for _, tt := range langReplies {
		per[tt.lang]++
		checkProviderRow(t, tt.providerRow)
	}
	for _, l := range []string{"fr", "de", "es", "pt", "it", "ja", "zh", "ru"} {
		if per[l] < 20 {
			t.Errorf("%d rows in %s, want at least 20", per[l], l)
		}
	}
	if len(langReplies) < 160 {
		t.Errorf("%d rows, want at least 160", len(langReplies))
	}
}

// TestLangFolding checks the rows again with their ASCII letters in upper
// case, as some servers write whole replies: the text rules fold ASCII
// case, also in the patterns with other scripts. Other letters keep their
// case, which the patterns account for (see rules_lang.go).
func TestLangFolding(t *testing.T) {
	for _, tt := range langReplies {
		b := []byte(tt.in)
		for i, c := range b {
			if 'a' <= c && c <= 'z' {
				b[i] = c - 'a' + 'A'
			}
		}
		in := string(b)
		got := ClassifyInput(Input{Reply: ParseReply(in), Host: providerHosts[tt.provider]})
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("%s: Classify(%q) = %s/%s, want %s/%s", tt.provider, in, got.Category, got.Reason, tt.cat, tt.reason)
		}
	}
}

// TestLocalizedNotRecipient checks replies whose words of "unknown" or
// "does not exist" are about a command, a host, the sender or the sending
// IP: none is an unknown recipient.
func TestLocalizedNotRecipient(t *testing.T) {
	for _, tt := range []struct {
		in     string
		cat    Category
		reason Reason
	}{
		{"500 Befehl unbekannt", Soft, ReasonSyntaxError},
		{"500 Comando sconosciuto", Soft, ReasonSyntaxError},
		{"550 5.1.2 El host example.org no existe", Hard, ReasonHostUnknown},
		{"550 ホストは存在しません", Hard, ReasonHostUnknown},
		{"550 Domaine du destinataire inconnu", Hard, ReasonHostUnknown},
		{"550 Adresse de l'expéditeur : utilisateur inconnu", Spam, ReasonRejected},
		{"554 Ihre IP-Adresse nicht gefunden", Soft, ReasonOnHold},
		// The sender's domain or account, in the words of a dead
		// address, and words that name neither.
		{"554 Le domaine de l'expéditeur n'existe pas", Spam, ReasonRejected},
		{"554 Die Domain des Absenders existiert nicht", Spam, ReasonRejected},
		{"554 送信元ドメインが存在しません", Spam, ReasonRejected},
		{"554 发件人域名不存在", Spam, ReasonRejected},
		{"554 Le compte de l'expéditeur est désactivé", Spam, ReasonRejected},
		{"554 Ihr Konto wurde gesperrt", Spam, ReasonRejected},
		{"554 您的帐户已停用", Spam, ReasonRejected},
		{"554 Ваш аккаунт заблокирован", Spam, ReasonRejected},
		{"554 SMTP服务已被禁用", Soft, ReasonOnHold},
		{"554 このIPアドレスは登録されていません", Soft, ReasonOnHold},
		{"554 Impossibile trovare la route", Soft, ReasonOnHold},
		// The recipient's own, for contrast.
		{"550 Benutzer unbekannt", Hard, ReasonUserUnknown},
		{"550 El usuario no existe", Hard, ReasonUserUnknown},
		{"550 5.1.1 宛先のメールアドレスは存在しません", Hard, ReasonUserUnknown},
	} {
		if got := Classify(tt.in); got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("Classify(%q) = %s/%s, want %s/%s", tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
	}
}

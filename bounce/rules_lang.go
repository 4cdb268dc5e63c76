package bounce

import "slices"

// langRules are the words of refusals in the languages that large
// receivers answer in besides English: French, German, Spanish,
// Portuguese, Italian, Japanese, Chinese (simplified and traditional) and
// Russian. They come from the localized NDRs of Exchange and Office 365
// ("Échec de la remise", "Unzustellbar", "配信不能", "无法送达"), Gmail's
// localized DSNs, and the replies of the mailbox providers of each
// country (Orange, Free, SFR, La Poste; GMX, WEB.DE, T-Online, IONOS,
// Freenet; Telefónica, Terra; UOL, Locaweb; Libero, Virgilio, Aruba; the
// Japanese carriers and ISPs; QQ, NetEase, Sina, Aliyun; Mail.ru, Yandex,
// Rambler). bounce/lang_test.go holds a reply for each, with its source.
//
// They come after providerRules and before the general English groups of
// rules.go, so that a phrase that names whose address or what kind of
// address it is ("Absender unbekannt": the sender; "dominio no existe":
// the domain) wins over the unknown-user phrases of either.
//
// Text rules fold ASCII case only. A pattern leaves out a Cyrillic first
// letter that a reply may capitalize at the start of a sentence ("дрес"
// for "Адрес" and "адрес"). The Latin-script patterns are written in
// ASCII wherever the words allow: an accented letter is left out at a
// word's start ("diteur refus" for "Expéditeur refusé" and "expediteur
// refuse") or skipped with '*' inside ("relay n*o permitido" for "relay
// no permitido" and "relay não permitido"), which also matches the
// servers that drop accents. Patterns with non-ASCII bytes stay out of the
// automaton and are looked for in every text that has a non-ASCII byte,
// through an index of their first three bytes (matcher.wide); an ASCII
// pattern of several parts takes one of the few places (maxProg) for
// rules followed in a text, so none starts with a word common in English.
var langRules = slices.Concat(
	// The sender's address or domain, in words that also hold those of
	// an unknown user or domain ("Absender unbekannt", "El remitente no
	// existe", "送信者のアドレスが存在しません"): the sender is rejected, the
	// recipient is not at fault. First, so that the later groups do not
	// read them as the recipient's.
	group(ReasonRejected, strong,
		// French: "Expéditeur refusé/inconnu/invalide/rejeté"
		// (knowledge: Orange, La Poste, French hosting).
		"diteur refus", "diteur inconnu", "diteur invalide", "diteur rejet", "adresse de l*exp*diteur",
		"de l*exp*diteur", "compte de l*exp*diteur", "votre compte",
		// German (knowledge: German hosting, IONOS).
		"absender unbekannt", "absender abgelehnt", "absender existiert nicht", "absenderadresse",
		"absender-adresse", "absenderdomain", "absender-domain", "des absenders", "ihr konto",
		// Spanish (knowledge: Spanish hosting): "remitente inválido/no
		// válido", "dirección del remitente".
		"remitente no existe", "remitente rechazado", "remitente desconocido", "remitente inv",
		"remitente no v", "del remitente", "su cuenta",
		// Portuguese (knowledge: Brazilian hosting): "remetente
		// inválido", "remetente não existe", "endereço do remetente".
		"remetente rejeitado", "remetente inv", "remetente*existe", "remetente desconhecido",
		"do remetente", "sua conta",
		// Italian (knowledge: Italian hosting).
		"mittente sconosciuto", "mittente rifiutato", "mittente non valido", "mittente inesistente",
		"del mittente", "il tuo account", "il suo account",
		// Japanese (knowledge: Japanese hosting).
		"送信者のアドレス", "送信者のドメイン", "送信元アドレス", "差出人のアドレス", "差出人のドメイン",
		"送信元ドメイン", "送信元のアカウント",
		// Chinese (blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html: Coremail's
		// "拒绝发件人地址", "发件人地址不合法").
		"发件人地址", "拒绝发件人", "發件人地址", "寄件者地址", "发件人域名", "发件人账号", "发件人帐号", "发件人用户",
		"您的帐户", "您的账户", "您的帳戶",
		// Russian (knowledge: Russian hosting).
		"дрес отправителя", "тправитель отклонен", "тправитель не существует", "омен отправителя",
		"аш аккаунт", "аша учетная запись", "аша учётная запись"),

	// The recipient's domain does not exist (knowledge: the hosting
	// replies of each country; emailhost.com.cn for "域名不存在").
	group(ReasonHostUnknown, strong,
		"domaine inconnu", "domaine inexistant", "domaine*existe pas", "domaine introuvable",
		"domaine du destinataire inconnu", "domaine du destinataire est inconnu",
		"domain unbekannt", "domain ist unbekannt", "domain*existiert nicht", "host unbekannt",
		"dominio*no existe", "dominio desconocido", "nio inexistente", "host desconocido",
		"domínio*não existe", "dominio*nao existe", "nio desconhecido",
		"dominio sconosciuto", "dominio inesistente", "dominio*non esiste", "host sconosciuto",
		"存在しないドメイン", "ホストが見つかりません", "ドメインが見つかりません", "ホストは存在しません",
		"存在しないホスト",
		"域名不存在", "網域不存在",
		"омен*не существует", "омен*не найден"),

	// The sending host's address is refused or on a block list: "adresse
	// IP bloquée", "IP está bloqueada/bloqueado", "Indirizzo IP bloccato"
	// (guide.pec.it, Aruba), "IP-Adresse ist gesperrt", "liste noire",
	// "lista negra", "lista nera", "送信元IPアドレスからの接続", "黑名单",
	// "черный список".
	group(ReasonBlocked, strong,
		"ip est bloqu", "ip bloqu", "ip esta bloquead", "ip está bloquead", "ip bloccat",
		"ip-adresse ist gesperrt", "ip-adresse wurde gesperrt", "ip-adresse gesperrt",
		"ip-adresse ist blockiert",
		"liste noire", "lista negra", "lista nera", "schwarze liste", "schwarzen liste",
		"ipアドレスからの接続", "ipアドレスは拒否", "ブラックリスト",
		"黑名单", "黑名單",
		"ip-адрес заблокирован", "ерный список", "ерном списке"),

	// A spam filter refused the content: "considéré comme spam",
	// "considerado spam", "identificada como spam", "considerato spam",
	// "垃圾郵件", "как спам" ("als Spam eingestuft" is in
	// provider_unitedinternet.go).
	group(ReasonSpamDetected, strong,
		"comme spam", "como spam", "considerado spam", "considerada spam", " come spam",
		"considerato spam", "垃圾郵件", "как спам"),

	// The message is too big. Exchange: "Votre message est trop
	// volumineux", "Ihre Nachricht ist zu groß", "Su mensaje es
	// demasiado grande", "Sua mensagem é muito grande", "Il messaggio è
	// troppo grande", "メッセージのサイズが大きすぎる", "Сообщение слишком
	// велико"; Coremail "邮件大小超过限制".
	group(ReasonMesgTooBig, strong,
		"trop volumineux", "message trop gros",
		"nachricht ist zu gro", "nachricht zu gro", "e-mail ist zu gro", "maximale nachrichtengr",
		"mensaje es demasiado grande", "mensaje demasiado grande", "tama*o del mensaje excede",
		"muito grande", "tamanho da mensagem excede", "troppo grande",
		"サイズが大きすぎ", "サイズが制限を超え",
		"邮件大小超过", "郵件大小超過", "邮件过大", "郵件過大",
		"ообщение слишком велико", "ообщение слишком большое", "азмер сообщения превышает"),

	// The recipient's mailbox is full: "quota dépassé", "Speicherplatz
	// erschöpft", "el buzón del destinatario está lleno", "caixa postal
	// cheia", "cassetta postale piena", "メールボックスが満杯", "信箱已滿",
	// "收件人空间不足" (qqmailbox.com/transceivers/169.html), "Ящик
	// переполнен".
	group(ReasonMailboxFull, strong,
		"quota d*pass",
		"mailbox voll", "mailbox ist voll", "speicherplatz*ersch",
		"buzon*lleno", "destinatario est*lleno", "cuota excedida", "excedido su cuota",
		"excedido la cuota",
		"caixa postal*cheia", "caixa de correio*cheia", "caixa de entrada*cheia", "cota excedida",
		"excedeu a cota",
		"cassetta postale*piena", "casella*piena", "quota superata", "superato la quota",
		"メールボックスが満杯",
		"信箱已滿", "信箱已满", "郵箱已滿", "空间不足",
		"щик переполнен", "ревышен размер почтового ящика", "ревышена квота"),

	// The recipient's account is disabled, suspended or locked.
	group(ReasonSuspend, strong,
		"compte*sactiv", "compte*suspendu",
		"konto*gesperrt", "konto*deaktiviert", "postfach*gesperrt", "postfach*deaktiviert",
		" cuenta*inhabilitada", " cuenta*deshabilitada", " cuenta*desactivada", " cuenta*suspendida",
		" cuenta*bloqueada",
		"conta desativada", "conta suspensa", "conta bloqueada", "conta foi desativada",
		"conta foi suspensa", "conta foi bloqueada", "caixa postal*bloqueada",
		"account sospeso", "casella*sospesa", "casella*bloccata", "casella*disattivata",
		"利用停止", "アカウント*停止", "アカウント*無効",
		"帐户已被冻结", "账户已被冻结", "帐号已被冻结", "账号已被冻结", "邮箱已被冻结", "邮箱已冻结", "邮箱已停用", "邮箱已被禁用", "账号已停用", "帐号已停用", "帳號已停用", "帳戶已停用", "信箱已停用",
		"ккаунт заблокирован", "четная запись заблокирована"),

	// The recipient does not exist. Exchange's "L'adresse de messagerie
	// que vous avez entrée est introuvable", "O endereço de email que
	// você inseriu não foi encontrado", "Impossibile trovare l'indirizzo
	// di posta elettronica immesso", "找不到你输入的电子邮件地址"; Gmail's
	// "l'adresse est introuvable", "No se ha encontrado la dirección",
	// "Endereço não encontrado", "Indirizzo non trovato", "アドレスが見つからない",
	// "этот адрес не найден"; and the providers' own words ("のユーザーは
	// 登録されていません": dream.jp; "该用户未开通QQ邮箱":
	// qqmailbox.com/transceivers/169.html).
	group(ReasonUserUnknown, strong,
		"adresse de messagerie que vous avez entr", "adresse est introuvable",
		"adresse inexistante", "mail inexistante", "destinataire inexistant", "utilisateur inexistant",
		"destinataire n*existe pas", "utilisateur n*existe pas", "adresse n*existe pas",
		"teilnehmer existiert nicht", "mailbox existiert nicht", "postfach existiert nicht",
		"nger existiert nicht", "benutzer existiert nicht", "adresse existiert nicht",
		"konto existiert nicht",
		"no se ha encontrado la direcci", "rio inexistente", "destinatario desconocido",
		"direcci*n inexistente", "cuenta inexistente",
		"inseriu n*o foi encontrado", "endereço não foi encontrado", "endereço não encontrado",
		"rio desconhecido", "conta inexistente", "usu*rio n*o existe", "destinat*rio n*o existe", "conta n*o encontrada",
		"conta de e-mail n*o encontrada",
		"impossibile trovare l*indirizzo", "impossibile trovare il destinatario", "indirizzo non trovato", "indirizzo non *stato trovato",
		"destinatario inesistente",
		"ユーザーは登録されていません", "ユーザは登録されていません", "メールアドレスは登録されていません", "アドレスが見つからない", "アドレスは*使われていません",
		"输入的电子邮件地址", "輸入的電子郵件地址", "用户未开通", "未开通qq邮箱",
		"使用者不存在", "帳號不存在", "收件者不存在", "用戶不存在",
		"этот адрес не найден", "акого пользователя нет", "щик не существует",
		"олучатель не найден", "олучатель не существует"),

	// Delivery was given up: the message expired in the queue.
	group(ReasonExpired, strong,
		"message a expir", "nachricht ist abgelaufen", "nachricht abgelaufen", "ha caducado",
		"mensagem expirou", "messaggio *scaduto", "consegna scaduto",
		"配信期限切れ", "有効期限切れ", "投递超时", "超过最大重试",
		"стек срок", "стекло время"),

	// Relaying refused: "relais refusé", "relay no permitido", "relay
	// não permitido", "relay non consentito", "Пересылка запрещена".
	group(ReasonNoRelaying, strong,
		"relais refus", "relais non autoris", "relais interdit",
		"relaying nicht erlaubt", "relaying verweigert", "relay nicht erlaubt",
		"relay n*o permitido", "relay n*o autorizado",
		"relay non consentito", "relay non permesso", "inoltro non consentito",
		"ересылка запрещена", "елей запрещен"),

	// The receiver's policy.
	group(ReasonPolicyViolation, strong,
		"par la politique", "violation de la politique",
		"gegen die richtlinie", "richtlinienversto",
		"rechazado por la pol", "rechazado por pol", "rejeitada por pol", "rejeitado por pol",
		"violazione delle policy", "violazione della policy", "violazione delle norme",
		"ポリシーにより拒否", "ポリシー違反"),

	// Viruses, where the word is not the English one ("Vírus",
	// "Вирус"/"вирус").
	group(ReasonVirusDetected, strong, "vírus", "ирус"),

	// Rate limits (knowledge: Mail.ru).
	group(ReasonSpeeding, strong, "лишком много писем"),
	group(ReasonTooManyConn, strong, "лишком много соединений"),

	// A temporary error of the receiving system: weak, so that an
	// enhanced code that names the cause (4.2.2 mailbox full) keeps it.
	group(ReasonSystemError, weak,
		"erreur temporaire", "temporaerer fehler", "temporärer fehler", "bergehender fehler",
		"error temporal", "erro tempor", "errore temporaneo",
		"一時的なエラー", "临时错误", "暫時錯誤", "ременная ошибка"),

	// Requests to come back later that name no cause (see the deferral
	// group of rules.go).
	group(ReasonSpeeding, deferral,
		"vuelva a intentarlo", "intentelo mas tarde", "de nuevo m*s tarde",
		"tente novamente mais tarde", "riprova* tardi",
		"しばらくしてから", "请稍后", "請稍後", "овторите попытку позже", "опробуйте позже"),
)

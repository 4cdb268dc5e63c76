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
// the domain) wins over the broad "unbekannt" or "no existe" of the
// unknown-user group there.
//
// Text rules fold ASCII case only. A pattern leaves out an accented or
// Cyrillic first letter that a reply may capitalize at the start of a
// sentence ("chec" for "Échec"/"échec", "дрес" for "Адрес"/"адрес"), and
// French, Spanish and Portuguese patterns are written with and without
// accents where servers are known to drop them. Most patterns with
// non-ASCII bytes are looked for only in texts that have such bytes
// (matcher.wide), so they cost nothing for English replies.
var langRules = slices.Concat(
	// The sender's address or domain, in words that also hold those of
	// an unknown user or domain ("Absender unbekannt", "El remitente no
	// existe", "送信者のアドレスが存在しません"): the sender is rejected, the
	// recipient is not at fault. First, so that the later groups do not
	// read them as the recipient's.
	group(ReasonRejected, strong,
		// French (knowledge: Orange, La Poste, French Postfix hosting).
		"expéditeur refus", "expediteur refus", "expéditeur inconnu", "expediteur inconnu",
		"expéditeur invalide", "expediteur invalide", "expéditeur rejet", "adresse de l'expéditeur",
		"domaine de l'expéditeur",
		// German (knowledge: German Postfix hosting, IONOS).
		"absender unbekannt", "absender abgelehnt", "absender existiert nicht", "absenderadresse",
		"absender-adresse", "absenderdomain", "absender-domain",
		// Spanish (knowledge: Spanish hosting).
		"remitente no existe", "remitente rechazado", "remitente desconocido", "remitente inv",
		"remitente no v", "direccion del remitente", "dirección del remitente",
		// Portuguese (knowledge: Brazilian hosting).
		"remetente rejeitado", "remetente inválido", "remetente invalido", "remetente não existe",
		"remetente nao existe", "remetente desconhecido", "endereço do remetente",
		// Italian (knowledge: Italian hosting).
		"mittente sconosciuto", "mittente rifiutato", "mittente non valido", "mittente inesistente",
		"indirizzo del mittente",
		// Japanese (knowledge: Japanese hosting).
		"送信者のアドレスが", "送信者のドメインが", "送信元アドレスが", "差出人のアドレスが", "差出人アドレスが",
		// Chinese (blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html: Coremail's
		// "拒绝发件人地址", "发件人地址不合法").
		"发件人地址", "发信人地址", "拒绝发件人", "發件人地址", "寄件者地址", "寄件人地址",
		// Russian (knowledge: Russian hosting).
		"дрес отправителя", "тправитель отклонен", "тправитель не существует",
		"еизвестный отправитель", "омен отправителя"),

	// The recipient's domain does not exist.
	group(ReasonHostUnknown, strong,
		// French, German, Spanish, Portuguese, Italian (knowledge: the
		// hosting replies of each country).
		"domaine inconnu", "domaine inexistant", "domaine*n'existe pas", "domaine introuvable",
		"domain unbekannt", "domain ist unbekannt", "domain*existiert nicht", "domäne*existiert nicht",
		"domäne unbekannt",
		"dominio*no existe", "dominio desconocido", "dominio inexistente",
		"domínio*não existe", "dominio*nao existe", "domínio inexistente", "domínio desconhecido",
		"dominio sconosciuto", "dominio inesistente", "dominio*non esiste",
		// Japanese (knowledge: Japanese hosting).
		"存在しないドメイン", "ホストが見つかりません", "ドメインが見つかりません", "ホストが存在しません",
		// Chinese (emailhost.com.cn: "域名不存在").
		"域名不存在", "網域不存在",
		// Russian.
		"омен*не существует", "омен*не найден", "еизвестный домен"),

	// The sending host's address is on a block list or refused.
	group(ReasonBlocked, strong,
		// French, Spanish, Portuguese: "adresse IP … bloquée", "IP está
		// bloqueada/bloqueado"; Italian "Indirizzo IP bloccato" (guide.pec.it,
		// Aruba); German "IP-Adresse ist gesperrt".
		" ip*bloqu", " ip*bloccat", "ip-adresse*gesperrt", "ip-adresse*blockiert",
		"liste noire", "lista negra", "lista nera", "schwarze liste",
		"ipアドレスからの接続は拒否", "ipアドレスは拒否", "ipアドレスを拒否", "ブラックリスト",
		"黑名单", "黑名單",
		"ip-адрес заблокирован", "ip адрес заблокирован", "ерный список", "ерном списке", "ерных списках"),

	// A spam filter refused the content: "considéré comme spam",
	// "als Spam eingestuft" (provider_unitedinternet.go), "considerado
	// spam", "identificada como spam", "considerato spam", "как спам".
	group(ReasonSpamDetected, strong,
		"comme spam", "como spam", "considerado spam", "considerada spam", "come spam",
		"considerato spam", "垃圾郵件", "как спам"),

	// The message is too big (Exchange: "Votre message est trop
	// volumineux", "Ihre Nachricht ist zu groß", "Su mensaje es
	// demasiado grande", "Sua mensagem é muito grande", "Il messaggio è
	// troppo grande", "メッセージのサイズが大きすぎる", "Сообщение слишком велико").
	group(ReasonMesgTooBig, strong,
		"trop volumineux", "message trop gros", "taille du message dépasse",
		"nachricht ist zu gro", "nachricht zu gro", "e-mail ist zu gro", "maximale nachrichtengr",
		"mensaje es demasiado grande", "mensaje demasiado grande", "tamaño del mensaje excede",
		"mensagem é muito grande", "mensagem muito grande", "tamanho da mensagem excede",
		"troppo grande",
		"サイズが大きすぎ", "サイズが制限を超え", "サイズの上限を超え",
		"邮件大小超过", "郵件大小超過", "邮件过大", "郵件過大", "邮件太大", "郵件太大",
		"ообщение слишком велико", "ообщение слишком большое", "исьмо слишком большое",
		"азмер сообщения превышает", "азмер письма превышает"),

	// The recipient's mailbox is full.
	group(ReasonMailboxFull, strong,
		"quota dépassé", "quota depasse",
		"mailbox voll", "mailbox ist voll", "postfach ist überfüllt", "postfach überfüllt",
		"speicherplatz*ersch",
		"buzón*lleno", "buzon*lleno", "cuota excedida", "excedido su cuota", "excedido la cuota",
		"caixa postal*cheia", "caixa de correio*cheia", "caixa de entrada*cheia", "cota excedida",
		"excedeu a cota",
		"cassetta postale*piena", "casella*piena", "quota superata", "superato la quota",
		"メールボックスが満杯", "メールボックスの容量",
		"信箱已滿", "信箱已满", "郵箱已滿", "空间不足", "空間不足",
		"щик переполнен", "ревышен размер почтового ящика", "ревышена квота", "ревышение квоты"),

	// The recipient's account is disabled, suspended or locked.
	group(ReasonSuspend, strong,
		"compte*désactivé", "compte*desactive", "compte*suspendu",
		"konto*gesperrt", "konto*deaktiviert", "postfach*gesperrt", "postfach*deaktiviert",
		" cuenta*inhabilitada", " cuenta*deshabilitada", " cuenta*desactivada", " cuenta*suspendida",
		" cuenta*bloqueada",
		" conta*desativada", " conta*suspensa", " conta*bloqueada", "caixa postal*bloqueada",
		"account*disattivato", "casella*sospesa", "casella*bloccata", "account*sospeso",
		"casella*disattivata",
		"利用停止", "アカウントは停止", "アカウントが停止", "アカウントは無効", "アカウントが無効",
		"已被冻结", "已冻结", "已被凍結", "已停用", "已被停用", "已被禁用",
		"ккаунт заблокирован", "ккаунт отключен", "четная запись заблокирована", "четная запись отключена"),

	// The recipient does not exist. Exchange's "L'adresse de messagerie
	// que vous avez entrée est introuvable", "O endereço de email que
	// você inseriu não foi encontrado", "Impossibile trovare l'indirizzo
	// di posta elettronica immesso", "找不到你输入的电子邮件地址"; Gmail's
	// "l'adresse est introuvable", "No se ha encontrado la dirección",
	// "Endereço não encontrado", "Indirizzo non trovato", "アドレスが見つからない",
	// "этот адрес не найден"; and the providers' own words.
	group(ReasonUserUnknown, strong,
		"adresse de messagerie que vous avez entr", "l'adresse est introuvable",
		"adresse e-mail inexistante", "adresse email inexistante", "adresse inexistante",
		"destinataire inexistant", "utilisateur inexistant", "destinataire n'existe pas",
		"utilisateur n'existe pas", "adresse n'existe pas", "boîte aux lettres n'existe pas",
		"teilnehmer existiert nicht", "mailbox existiert nicht", "postfach existiert nicht",
		"empfänger existiert nicht", "empfaenger existiert nicht", "benutzer existiert nicht",
		"adresse existiert nicht", "konto existiert nicht",
		"no se ha encontrado la direcci", "usuario inexistente", "destinatario desconocido",
		"destinatario inexistente", "direccion inexistente", "dirección inexistente", "cuenta inexistente",
		"você inseriu não foi encontrado", "endereço não foi encontrado", "endereço não encontrado",
		"usuário inexistente", "destinatário desconhecido", "destinatario desconhecido",
		"destinatário inexistente", "conta inexistente", "endereço inexistente", "usuário não existe",
		"usuario nao existe", "conta de e-mail não encontrada", "conta não encontrada",
		"impossibile trovare l'indirizzo", "indirizzo non trovato", "indirizzo non è stato trovato",
		"destinatario inesistente",
		"ユーザーは登録されていません", "ユーザは登録されていません", "アドレスが見つからない",
		"アドレスは現在使われていません", "アドレスは使われていません", "アドレスは使用されていません",
		"找不到你输入的", "找不到您输入的", "找不到您輸入的", "找不到你輸入的", "未开通",
		"使用者不存在", "帳號不存在", "收件者不存在", "用戶不存在", "信箱不存在",
		"этот адрес не найден", "дрес получателя не найден", "акого пользователя нет",
		"щик не существует", "ккаунт не существует", "олучатель не найден",
		"олучатель не существует", "еизвестный получатель", "еизвестный пользователь"),

	// Delivery was given up: the message expired in the queue.
	group(ReasonExpired, strong,
		"message a expir", "nachricht ist abgelaufen", "nachricht abgelaufen", "ha caducado",
		"mensagem expirou", "messaggio è scaduto", "consegna scaduto",
		"配信期限切れ", "有効期限切れ", "時間内に配信できません",
		"投递超时", "投遞逾時", "超过最大重试", "超過最大重試",
		"стек срок", "стекло время"),

	// Relaying refused.
	group(ReasonNoRelaying, strong,
		"relais refus", "relais non autoris", "relais interdit",
		"relaying nicht erlaubt", "relaying verweigert", "relay nicht erlaubt",
		"relay no permitido", "relay no autorizado",
		"relay não permitido", "relay nao permitido", "relay não autorizado",
		"relay non consentito", "relay non permesso", "inoltro non consentito",
		"ересылка запрещена", "елей запрещен", "етрансляция запрещена"),

	// The receiver's policy.
	group(ReasonPolicyViolation, strong,
		"refusé par la politique", "refuse par la politique", "contraire à la politique",
		"violation de la politique",
		"verstößt gegen*richtlinie", "verstoesst gegen*richtlinie", "verstösst gegen*richtlinie",
		"richtlinienversto",
		"rechazado por la pol", "rechazado por pol",
		"rejeitada por pol", "rejeitado por pol",
		"violazione delle policy", "violazione della policy", "violazione delle norme",
		"ポリシーにより拒否", "ポリシー違反"),

	// Viruses, where the word is not the English one.
	group(ReasonVirusDetected, strong, "vírus", "вирус", "Вирус"),

	// Rate limits.
	group(ReasonSpeeding, strong, "лишком много писем", "лишком много сообщений"),
	group(ReasonTooManyConn, strong, "лишком много соединений", "лишком много подключений"),

	// A temporary error of the receiving system: weak, so that an
	// enhanced code that names the cause (4.2.2 mailbox full) keeps it.
	group(ReasonSystemError, weak,
		"erreur temporaire", "temporärer fehler", "temporaerer fehler", "vorübergehender fehler",
		"voruebergehender fehler", "error temporal", "erro temporário", "erro temporario",
		"errore temporaneo", "一時的なエラー", "临时错误", "暫時錯誤", "暂时错误", "ременная ошибка"),

	// Requests to come back later that name no cause (see the deferral
	// group of rules.go).
	group(ReasonSpeeding, deferral,
		"inténtelo de nuevo más tarde", "inténtelo más tarde", "intentelo mas tarde",
		"vuelva a intentarlo", "tente novamente mais tarde", "riprovare più tardi",
		"riprova più tardi", "しばらくしてから", "请稍后重试", "请稍后再试", "請稍後再試",
		"請稍後重試", "овторите попытку позже", "опробуйте позже"),
)

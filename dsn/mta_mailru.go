package dsn

// Mail.ru (Exim underneath) writes a Russian preamble before Exim's text.
var famMailRu = family{
	name:  "mailru",
	from:  []string{"@corp.mail.ru", "mailer-daemon@mail.ru"},
	body:  []string{"сервером mail.ru", "mail.ru, отвечать на него не нужно"},
	begin: []string{"не может быть доставлено одному или нескольким получателям", "following address(es) failed"},
	end:   []string{"------ this is a copy of the message"},
}

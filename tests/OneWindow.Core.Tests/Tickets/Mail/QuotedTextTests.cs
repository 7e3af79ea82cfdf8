using OneWindow.Core.Tickets.Mail;

namespace OneWindow.Core.Tests.Tickets.Mail;

public class QuotedTextTests
{
    private const string Answer = "Добрый день!\n\nСчёт-фактуру приложил, оригинал отправим курьером.\n\nС уважением,\nИван Петров";

    private static string Strip(params string[] lines) => QuotedText.StripQuotedHistory(string.Join("\r\n", lines));

    [Fact]
    public void Gmail_english_attribution_and_quotes_are_removed()
    {
        var result = Strip(
            "Thanks, the invoice is attached.",
            "",
            "On Mon, 3 Nov 2026 at 10:00, OneWindow Support <support@ssc.example> wrote:",
            "> Dear Ivan,",
            "> please send the invoice for October.",
            ">",
            "> Regards, Treasury");
        Assert.Equal("Thanks, the invoice is attached.", result);
    }

    [Fact]
    public void Gmail_attribution_wrapped_over_two_lines_is_recognised()
    {
        var result = Strip(
            "Done.",
            "",
            "On Mon, 3 Nov 2026 at 10:00, Treasury Department of the Shared Service Centre <",
            "treasury@ssc.example> wrote:",
            "",
            "> Please confirm the payment.");
        Assert.Equal("Done.", result);
    }

    [Fact]
    public void Gmail_russian_attribution_is_recognised()
    {
        var result = Strip(
            "Добрый день!",
            "",
            "Счёт-фактуру приложил, оригинал отправим курьером.",
            "",
            "С уважением,",
            "Иван Петров",
            "",
            "пн, 3 нояб. 2026 г. в 10:00, ОЦО Казначейство <treasury@ssc.example>:",
            "",
            "> Добрый день, Иван!",
            "> Пришлите, пожалуйста, счёт-фактуру за октябрь.");
        Assert.Equal(Answer, result);
    }

    [Fact]
    public void Apple_mail_russian_attribution_is_recognised()
    {
        var result = Strip(
            "Согласовано.",
            "",
            "3 ноября 2026 г., в 10:00, Иван Петров написал(а):",
            "",
            "> Прошу согласовать график платежей.");
        Assert.Equal("Согласовано.", result);
    }

    [Fact]
    public void Outlook_russian_header_block_with_separator_is_removed_with_everything_after_it()
    {
        var result = Strip(
            "Добрый день!",
            "",
            "Счёт-фактуру приложил, оригинал отправим курьером.",
            "",
            "С уважением,",
            "Иван Петров",
            "",
            "________________________________",
            "От: ОЦО Казначейство <treasury@ssc.example>",
            "Отправлено: 3 ноября 2026 г. 10:00",
            "Кому: Петров Иван Сергеевич <ivan.petrov@severstal.example>",
            "Тема: [OW-2026-000123] Счёт-фактура",
            "",
            "Добрый день, Иван!",
            "Пришлите, пожалуйста, счёт-фактуру за октябрь.");
        Assert.Equal(Answer, result);
    }

    [Fact]
    public void Outlook_english_header_block_with_bold_names_is_removed()
    {
        var result = Strip(
            "Please see the reconciliation attached.",
            "",
            "*From:* Treasury <treasury@ssc.example>",
            "*Sent:* Monday, November 3, 2026 10:00 AM",
            "*To:* Ivan Petrov <ivan.petrov@severstal.example>",
            "*Subject:* RE: [OW-2026-000123] Reconciliation",
            "",
            "Ivan, we need the reconciliation statement.");
        Assert.Equal("Please see the reconciliation attached.", result);
    }

    [Fact]
    public void Outlook_original_message_separators_in_both_languages_are_removed()
    {
        Assert.Equal("Принято.", Strip(
            "Принято.",
            "",
            "-----Исходное сообщение-----",
            "От: Иван Петров [mailto:ivan.petrov@severstal.example]",
            "Отправлено: Monday, November 3, 2026 10:00 AM",
            "Кому: Казначейство",
            "Тема: Платёжное поручение"));

        Assert.Equal("Accepted.", Strip(
            "Accepted.",
            "-----Original Message-----",
            "From: Ivan Petrov",
            "Body of the old message"));

        Assert.Equal("Ок", Strip("Ок", "-------- Исходное сообщение --------", "Тема: Акт"));
    }

    [Fact]
    public void Yandex_and_thunderbird_numeric_date_attributions_are_recognised()
    {
        Assert.Equal("Прикладываю акт сверки.", Strip(
            "Прикладываю акт сверки.",
            "",
            "03.11.2026, 10:00, \"ОЦО Бухгалтерия\" <accounting@ssc.example>:",
            "> Пришлите акт сверки."));

        Assert.Equal("Готово.", Strip(
            "Готово.",
            "",
            "03.11.2026 10:00, Иван Петров пишет:",
            "> Что с документами?"));

        Assert.Equal("Done.", Strip(
            "Done.",
            "On 11/3/2026 10:00 AM, Ivan Petrov wrote:",
            "> Status?"));
    }

    [Fact]
    public void Mail_ru_attribution_with_the_word_ot_is_recognised()
    {
        var result = Strip(
            "Документы отправлены почтой России.",
            "",
            "",
            "Понедельник, 3 ноября 2026, 10:00 +03:00 от ОЦО <support@ssc.example>:",
            "",
            "> Добрый день!",
            "> Ждём оригиналы документов.");
        Assert.Equal("Документы отправлены почтой России.", result);
    }

    [Fact]
    public void Quoted_lines_are_removed_from_inline_and_bottom_posted_replies()
    {
        var result = Strip(
            "Иван написал:",
            "> Какая сумма к оплате?",
            "125 000,00 руб.",
            "",
            "> А срок?",
            "До 10 ноября.");
        Assert.Equal("125 000,00 руб.\n\nДо 10 ноября.", result);
    }

    [Fact]
    public void A_bottom_posted_reply_under_an_attribution_keeps_the_new_text()
    {
        var result = Strip(
            "On Mon, 3 Nov 2026 at 10:00, Treasury <treasury@ssc.example> wrote:",
            "> Please confirm.",
            "",
            "Confirmed.");
        Assert.Equal("Confirmed.", result);
    }

    [Fact]
    public void A_message_that_is_all_history_comes_back_unchanged()
    {
        var body = "-----Original Message-----\r\nFrom: Ivan\r\nSent: today\r\nTo: SSC\r\n\r\nOld text";
        Assert.Equal(body, QuotedText.StripQuotedHistory(body));

        var quotesOnly = "> only\n> quotes";
        Assert.Equal(quotesOnly, QuotedText.StripQuotedHistory(quotesOnly));
    }

    [Fact]
    public void A_message_without_history_is_only_trimmed()
    {
        Assert.Equal("Прошу предоставить справку 2-НДФЛ.\n\nСпасибо!", QuotedText.StripQuotedHistory("\r\n  Прошу предоставить справку 2-НДФЛ.\r\n\r\n\r\n\r\nСпасибо!  \r\n"));
    }

    [Theory]
    [InlineData("Встреча перенесена на 10:00 4 ноября 2026 года:")]
    [InlineData("От: кого ждать ответ?")]
    [InlineData("From: the accounting team's side nothing changed.")]
    [InlineData("Директор написал:")]
    [InlineData("Срок оплаты 10.11.2026, сумма 10:1 к плану:")]
    public void Ordinary_lines_that_resemble_headers_are_kept(string line)
    {
        var body = "Коллеги,\n" + line + "\nследующий абзац";
        Assert.Equal(body, QuotedText.StripQuotedHistory(body));
    }

    [Fact]
    public void Blank_input_is_returned_as_is()
    {
        Assert.Equal("", QuotedText.StripQuotedHistory(""));
        Assert.Equal("  \n", QuotedText.StripQuotedHistory("  \n"));
    }

    [Fact]
    public void Forwarded_messages_are_kept_because_the_forward_is_the_content()
    {
        var body = "Пересылаю письмо банка.\n\n---------- Пересылаемое сообщение ---------\nОт: bank@bank.example\nТема: Выписка\n\nВыписка за октябрь";
        Assert.Equal(body, QuotedText.StripQuotedHistory(body));
    }

    [Fact]
    public void A_plain_outlook_from_sent_to_subject_block_is_removed()
    {
        var result = Strip(
            "Hello, payment is scheduled for Friday.",
            "Ivan",
            "",
            "From: Treasury [mailto:treasury@ssc.example]",
            "Sent: Monday, November 3, 2026 10:00 AM",
            "To: Ivan Petrov",
            "Cc: Maria Sidorova",
            "Subject: [OW-2026-000123] Payment",
            "",
            "When is the payment?");
        Assert.Equal("Hello, payment is scheduled for Friday.\nIvan", result);
    }

    [Fact]
    public void An_outlook_separator_followed_by_from_is_history_even_with_few_fields()
    {
        Assert.Equal("Спасибо!", Strip("Спасибо!", "", "________________________________", "От: ОЦО <support@ssc.example>", "", "Ваш запрос выполнен."));
    }

    [Fact]
    public void A_short_line_above_an_attribution_is_not_taken_for_its_first_half()
    {
        Assert.Equal("Done.", Strip("Done.", "On 11/3/2026 10:00 AM, Ivan Petrov wrote:", "> Status?"));
    }
}

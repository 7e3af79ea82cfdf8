using System.Text;
using OneWindow.Core.Files;

namespace OneWindow.Core.Tests.Files;

public class TextFilesTests
{
    [Fact]
    public void Utf8_is_read_as_is_without_its_byte_order_mark()
    {
        Assert.Equal("дата;вид", TextFiles.Decode(Encoding.UTF8.GetBytes("дата;вид")));
        Assert.Equal("дата;вид", TextFiles.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("дата;вид")]));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_read_as_windows_1251()
    {
        var cp1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
        Assert.Equal("2026-11;99,6;Выходной", TextFiles.Decode(cp1251.GetBytes("2026-11;99,6;Выходной")));
    }
}

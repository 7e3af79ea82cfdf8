using OneWindow.Core.Api;

namespace OneWindow.Core.Tests.Api;

public class ListRequestTests
{
    private static readonly string[] Sortable = ["name", "createdAt"];

    [Fact]
    public void Defaults_to_first_page_of_fifty()
    {
        var (request, errors) = ListRequest.Parse(null, null, null, null, Sortable);
        Assert.Empty(errors);
        Assert.Equal(1, request!.Page);
        Assert.Equal(ListRequest.DefaultPageSize, request.PageSize);
        Assert.Equal(0, request.Skip);
    }

    [Theory]
    [InlineData("0", "page")]
    [InlineData("-1", "page")]
    [InlineData("abc", "page")]
    [InlineData("1.5", "page")]
    [InlineData("100001", "page")]
    public void Rejects_bad_page_values_naming_the_field(string page, string field)
    {
        var (request, errors) = ListRequest.Parse(page, null, null, null, Sortable);
        Assert.Null(request);
        Assert.True(errors.ContainsKey(field));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("x")]
    [InlineData("99999999999999")]
    public void Rejects_page_sizes_outside_the_limit(string size)
    {
        var (request, errors) = ListRequest.Parse(null, size, null, null, Sortable);
        Assert.Null(request);
        Assert.Contains("pageSize", errors.Keys);
    }

    [Fact]
    public void Parses_sort_fields_case_insensitively_with_direction()
    {
        var (request, errors) = ListRequest.Parse("3", "20", "-createdat, Name", null, Sortable);
        Assert.Empty(errors);
        Assert.Equal([new SortKey("createdAt", true), new SortKey("name", false)], request!.Sort);
        Assert.Equal(40, request.Skip);
    }

    [Fact]
    public void Rejects_unknown_sort_field()
    {
        var (_, errors) = ListRequest.Parse(null, null, "password", null, Sortable);
        Assert.Contains("sort", errors.Keys);
    }

    [Fact]
    public void Rejects_over_long_search_and_trims_normal_search()
    {
        Assert.Contains("q", ListRequest.Parse(null, null, null, new string('я', 201), Sortable).Errors.Keys);
        Assert.Equal("Сиб", ListRequest.Parse(null, null, null, "  Сиб ", Sortable).Request!.Search);
    }
}

namespace OneWindow.Web;

/// <summary>Marker for the UI strings of the directory, administration and account pages in Resources/AdminResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class AdminResource;

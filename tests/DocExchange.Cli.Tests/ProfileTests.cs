using System.Text.Json;

namespace DocExchange.Cli.Tests;

public sealed class ProfileTests : IDisposable
{
    private const string Password = "Mật-khẩu-S3cret!";

    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;
    private readonly string _certificate;
    private readonly string _trustRoot;

    public ProfileTests()
    {
        _dx = new DxRunner(_home.File(Path.Combine("config", "dx.json")));
        _certificate = _home.File("clerk.p12");
        _trustRoot = _home.File("ca.pem");
        File.WriteAllText(_certificate, "certificate");
        File.WriteAllText(_trustRoot, "ca");
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Set_then_show_round_trips_the_profile_settings()
    {
        var set = await _dx.RunAsync("profile", "set", "--server", "https://dx.example.gov.vn:5001", "--cert", _certificate, "--ca", _trustRoot);
        var show = await _dx.RunAsync("profile", "show", "--json");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.True(show.ExitCode == 0, show.ToString());
        var settings = show.Json();
        Assert.Equal("default", settings.GetProperty("profile").GetString());
        Assert.Equal(_dx.ConfigPath, settings.GetProperty("configFile").GetString());
        Assert.Equal("https://dx.example.gov.vn:5001/", settings.GetProperty("server").GetProperty("value").GetString());
        Assert.Equal("profile", settings.GetProperty("server").GetProperty("source").GetString());
        Assert.Equal(_certificate, settings.GetProperty("certificate").GetProperty("value").GetString());
        Assert.Equal(_trustRoot, settings.GetProperty("trustRoot").GetProperty("value").GetString());
        Assert.False(settings.GetProperty("certificatePassword").GetProperty("isSet").GetBoolean());
    }

    [Fact]
    public async Task Certificate_password_is_stored_for_the_owner_only_and_never_shown()
    {
        var set = await _dx.RunAsync("profile", "set", "--cert", _certificate, "--cert-password", Password);
        var human = await _dx.RunAsync("profile", "show");
        var json = await _dx.RunAsync("profile", "show", "--json");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.True(json.ExitCode == 0, json.ToString());
        foreach (var result in new[] { set, human, json })
        {
            Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains("(set)", human.Stdout, StringComparison.Ordinal);
        Assert.True(json.Json().GetProperty("certificatePassword").GetProperty("isSet").GetBoolean());
        Assert.Contains(Password, await File.ReadAllTextAsync(_dx.ConfigPath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dx.ConfigPath));
        }
    }

    [Fact]
    public async Task Environment_overrides_the_profile_and_the_command_line_overrides_the_environment()
    {
        await _dx.RunAsync("profile", "set", "--server", "https://from-profile.example:5001");
        _dx.Environment["DX_SERVER"] = "https://from-env.example:5001";
        _dx.Environment["DX_CERT_PASSWORD"] = Password;

        var fromEnvironment = (await _dx.RunAsync("profile", "show", "--json")).Json();
        var fromCommandLine = (await _dx.RunAsync("profile", "show", "--json", "--server", "https://from-cli.example:5001")).Json();

        Assert.Equal("https://from-env.example:5001/", fromEnvironment.GetProperty("server").GetProperty("value").GetString());
        Assert.Equal("environment", fromEnvironment.GetProperty("server").GetProperty("source").GetString());
        Assert.Equal("environment", fromEnvironment.GetProperty("certificatePassword").GetProperty("source").GetString());
        Assert.Equal("https://from-cli.example:5001/", fromCommandLine.GetProperty("server").GetProperty("value").GetString());
        Assert.Equal("commandLine", fromCommandLine.GetProperty("server").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Named_profiles_are_kept_apart_and_chosen_with_option_or_environment()
    {
        await _dx.RunAsync("profile", "set", "--server", "https://main.example:5001");
        var setWork = await _dx.RunAsync("profile", "set", "--profile", "work", "--server", "https://work.example:5001");

        var byOption = (await _dx.RunAsync("profile", "show", "--profile", "work", "--json")).Json();
        _dx.Environment["DX_PROFILE"] = "work";
        var byEnvironment = (await _dx.RunAsync("profile", "show", "--json")).Json();
        _dx.Environment.Remove("DX_PROFILE");
        var byDefault = (await _dx.RunAsync("profile", "show", "--json")).Json();
        var list = (await _dx.RunAsync("profile", "list", "--json")).Json();

        Assert.True(setWork.ExitCode == 0, setWork.ToString());
        Assert.Equal("https://work.example:5001/", byOption.GetProperty("server").GetProperty("value").GetString());
        Assert.Equal("work", byEnvironment.GetProperty("profile").GetString());
        Assert.Equal("https://main.example:5001/", byDefault.GetProperty("server").GetProperty("value").GetString());
        Assert.Equal(["default", "work"], list.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public async Task Showing_a_profile_that_does_not_exist_is_a_usage_error_naming_it()
    {
        await _dx.RunAsync("profile", "set", "--server", "https://main.example:5001");

        var result = await _dx.RunAsync("profile", "show", "--profile", "nosuch");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("profile 'nosuch' is not in", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("dx profile set --profile nosuch", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_a_certificate_that_does_not_exist_is_a_usage_error()
    {
        string missing = _home.File("missing.p12");

        var result = await _dx.RunAsync("profile", "set", "--cert", missing);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--cert: file '{missing}' does not exist.", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dx.ConfigPath));
    }

    [Fact]
    public async Task Update_keeps_the_settings_not_given()
    {
        await _dx.RunAsync("profile", "set", "--server", "https://main.example:5001", "--ca", _trustRoot);
        await _dx.RunAsync("profile", "set", "--server", "https://moved.example:5001");

        var settings = (await _dx.RunAsync("profile", "show", "--json")).Json();

        Assert.Equal("https://moved.example:5001/", settings.GetProperty("server").GetProperty("value").GetString());
        Assert.Equal(_trustRoot, settings.GetProperty("trustRoot").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Invalid_configuration_file_is_reported_with_its_path()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dx.ConfigPath)!);
        await File.WriteAllTextAsync(_dx.ConfigPath, "{\"profiles\": {\"x\": {\"sever\": \"typo\"}}}");

        var result = await _dx.RunAsync("profile", "show");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"the configuration file {_dx.ConfigPath} is not valid", result.Stderr, StringComparison.Ordinal);
    }
}

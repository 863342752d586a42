using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace MailAuth.Extensions.Hosting.Tests;

/// <summary>
/// Issue 16: every package carries its own README (links absolute, working outside the repository), the icon, release
/// notes from CHANGELOG.md, tags and the license; the tool package rolls forward to newer runtimes. Packs the solution's
/// packable projects with --no-build (this project references them all, so they are built in the same configuration
/// before these tests run) into a temporary directory, then reads the .nupkg files with System.IO.Compression.
/// </summary>
public sealed class PackageMetadataTests
{
    private static readonly string[] PackageIds =
    [
        "MailAuth.Core", "MailAuth.Extensions.Hosting", "MailAuth.Dns.Redis", "MailAuth.Reports.Sqlite",
        "MailAuth.Reports.PostgreSql", "MailAuth.MimeKit", "MailAuth.Cli",
    ];

    // Hosts a package README may link to: standards texts only (never a package registry).
    private static readonly string[] AllowedLinkHosts = ["www.rfc-editor.org"];

    private static readonly Lazy<Task<string>> Packed = new(PackAsync);

    private static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "MailAuth.Core.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("MailAuth.Core.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> PackAsync()
    {
        string root = RepositoryRoot();
        string output = Path.Combine(Path.GetTempPath(), "mailauth-pack-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        };
        string configuration = typeof(PackageMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[]
        {
            "pack", "MailAuth.Core.sln", "-c", configuration, "--no-build", "--no-restore", "-nodeReuse:false",
            "-p:PackageOutputPath=" + output, "-p:IncludeSymbols=false",
        })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDNOINPROCNODE"] = null;
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet pack failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return output;
    }

    private static async Task<ZipArchive> OpenAsync(string id)
    {
        string directory = await Packed.Value;
        string path = Assert.Single(Directory.GetFiles(directory, id + ".*.nupkg"), p => Regex.IsMatch(Path.GetFileName(p), "^" + Regex.Escape(id) + @"\.\d"));
        return ZipFile.OpenRead(path);
    }

    private static string Read(ZipArchive package, string entryName)
    {
        ZipArchiveEntry entry = package.GetEntry(entryName) ?? throw new Xunit.Sdk.XunitException($"no {entryName} in the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    public static TheoryData<string> Packages() => [.. PackageIds];

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task Pack_EveryPackage_HasReadmeIconReleaseNotesTagsAndLicense(string id)
    {
        using ZipArchive package = await OpenAsync(id);
        XElement metadata = XDocument.Parse(Read(package, id + ".nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("icon.png", Value("icon"));
        Assert.NotEmpty(Value("tags"));
        Assert.Equal("MIT", Value("license"));
        byte[] icon = new byte[8];
        using (Stream s = package.GetEntry("icon.png")!.Open())
        {
            s.ReadExactly(icon);
        }

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, icon);

        // Release notes: the first "## [" section of CHANGELOG.md, as read at pack time.
        string changelog = File.ReadAllText(Path.Combine(RepositoryRoot(), "CHANGELOG.md")).Replace("\r", string.Empty, StringComparison.Ordinal);
        string heading = changelog.Split('\n').First(l => l.StartsWith("## [", StringComparison.Ordinal));
        string firstEntry = changelog.Split('\n').SkipWhile(l => l != heading).First(l => l.StartsWith("- ", StringComparison.Ordinal));
        string notes = Value("releaseNotes");
        Assert.StartsWith(heading, notes, StringComparison.Ordinal);
        Assert.Contains(firstEntry, notes, StringComparison.Ordinal);

        // The README is the package's own and works outside the repository: no relative link, no unknown host.
        string readme = Read(package, "README.md");
        Assert.StartsWith("# ", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet ", readme, StringComparison.Ordinal);
        foreach (Match link in Regex.Matches(readme, @"\]\(([^)\s]+)\)|<(https?://[^>]+)>"))
        {
            string target = link.Groups[1].Success ? link.Groups[1].Value : link.Groups[2].Value;
            Assert.True(Uri.TryCreate(target, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps, $"{id}: link '{target}' is not absolute https");
            Assert.Contains(uri.Host, AllowedLinkHosts);
        }
    }

    [Fact]
    public async Task Pack_Tool_RollsForwardToNewerRuntimesAndHasItsOwnReadme()
    {
        using ZipArchive package = await OpenAsync("MailAuth.Cli");
        ZipArchiveEntry runtimeConfig = Assert.Single(package.Entries, e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.Name == "mailauth.runtimeconfig.json");
        using var reader = new StreamReader(runtimeConfig.Open());
        using JsonDocument json = JsonDocument.Parse(reader.ReadToEnd());

        Assert.Equal("Major", json.RootElement.GetProperty("runtimeOptions").GetProperty("rollForward").GetString());
        Assert.StartsWith("# mailauth", Read(package, "README.md"), StringComparison.Ordinal);
        Assert.Contains(package.Entries, e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
    }
}

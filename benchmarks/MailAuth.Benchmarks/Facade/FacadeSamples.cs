using System.Net;

namespace MailAuth.Benchmarks.Facade;

/// <summary>The bundled samples: the 20 KB signed message and the zone (<c>samples/</c>), found above the program's folder.</summary>
internal static class FacadeSamples
{
    public const string MessageFile = "message-20k.eml";
    public const string ZoneFile = "example.zone";

    public static SmtpContext Context { get; } = new(IPAddress.Parse("192.0.2.25"), "mail.example.com", "alice@example.com");

    public static string PathOf(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }
}

// A native-AOT consumer of MailAuth.Extensions.Hosting: AddMailAuth from configuration, verify a received message and
// prepend its Authentication-Results, then DKIM-sign it for its From domain and verify the signed copy. Offline: DNS
// answers come from the sample zone file, the key from the sample key directory (test-only key).
// Usage: AotConsumer SAMPLES_DIR KEYS_DIR      (KEYS_DIR in PemDirectoryKeyStore's layout: example.com/sample.pem)
// Exit code 0 when every step gives the expected result; the output is checked by .ci/run.
using System.Net;
using MailAuth;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: AotConsumer SAMPLES_DIR KEYS_DIR");
    return 2;
}

string samples = args[0];
HostApplicationBuilder builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["MailAuth:AuthServId"] = "mx.example.net",
    ["MailAuth:Dns:ZoneFiles:0"] = Path.Combine(samples, "example.zone"),
    ["MailAuth:Keys:Directory"] = args[1],
});
builder.Services.AddMailAuth(builder.Configuration.GetSection("MailAuth"));
using IHost host = builder.Build();
await host.StartAsync();

var authenticator = host.Services.GetRequiredService<MessageAuthenticator>();
var signer = host.Services.GetRequiredService<DkimMessageSigner>();
var keys = host.Services.GetRequiredService<IKeyStore>();
var smtp = new SmtpContext(IPAddress.Parse("192.0.2.25"), helo: "mail.example.com", mailFrom: "alice@example.com");

// Receive: verify, then write Authentication-Results in front of the message bytes.
byte[] received = File.ReadAllBytes(Path.Combine(samples, "message.eml"));
AuthenticationOutcome outcome = await authenticator.AuthenticateAsync(received, smtp);
byte[] delivered = new PrependedHeaderFields().Add(outcome.ToAuthenticationResults()).Prepend(received);
Console.WriteLine($"verify: spf={outcome.Spf.Keyword} dkim={string.Join(",", outcome.Dkim.Select(d => d.Keyword))} dmarc={outcome.Dmarc.Keyword} disposition={outcome.Disposition}");
Console.WriteLine($"prepended: {delivered.Length - received.Length} bytes");

// Send: sign for the From domain with the store's key, then check the signed copy.
using RawMessage raw = MessageReader.Default.Read(received).Message!;
DkimSigningResult signing = await signer.SignAsync(raw, keys);
Console.WriteLine($"sign: {signing}");
byte[] signedCopy = new PrependedHeaderFields().AddRange(signing.Fields).Prepend(received);
AuthenticationOutcome again = await authenticator.AuthenticateAsync(signedCopy, smtp);
Console.WriteLine($"verify signed: dkim={string.Join(",", again.Dkim.Select(d => d.Keyword))} dmarc={again.Dmarc.Keyword}");

await host.StopAsync();
bool ok = outcome.Dmarc.Keyword == "pass" && signing.IsSigned && again.Dkim.Count == 2 && again.Dkim.All(d => d.Keyword == "pass");
Console.WriteLine(ok ? "aot-consumer: ok" : "aot-consumer: UNEXPECTED RESULT");
return ok ? 0 : 1;

using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Protocol;

namespace SmtpServerSample;

/// <summary>Runs the SMTP server (inbound and submission endpoints) for as long as the host runs.</summary>
internal sealed partial class SmtpHostedService(MailAuthMessageStore store, IOptions<SmtpSampleOptions> options, ILogger<SmtpHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SmtpSampleOptions o = options.Value;
        IPAddress address = IPAddress.Parse(o.Address);
        ISmtpServerOptions smtpOptions = new SmtpServerOptionsBuilder()
            .ServerName(o.ServerName)
            .Endpoint(e => e.Endpoint(new IPEndPoint(address, o.InboundPort)))
            .Endpoint(e => e.Endpoint(new IPEndPoint(address, o.SubmissionPort)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(smtpOptions, services);

        // SPF checks the HELO identity too (RFC 7208 §2.3): remember it for the message store.
        server.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) =>
        {
            string? helo = c.Command switch
            {
                EhloCommand ehlo => ehlo.DomainOrAddress,
                HeloCommand h => h.DomainOrAddress,
                _ => null,
            };
            if (helo is not null)
            {
                c.Context.Properties[MailAuthMessageStore.HeloKey] = helo;
            }
        };

        LogListening(logger, o.Address, o.InboundPort, o.SubmissionPort);
        await server.StartAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Address}: inbound port {Inbound}, submission port {Submission}")]
    private static partial void LogListening(ILogger logger, string address, int inbound, int submission);
}

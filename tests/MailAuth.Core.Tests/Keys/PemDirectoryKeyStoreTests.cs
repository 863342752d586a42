using System.Text;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Tests.Facade;
using MailAuth.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Keys;

/// <summary>PemDirectoryKeyStore: missing and unusable files are "no key", reloads dispose what they replace, the watcher reloads.</summary>
public sealed class PemDirectoryKeyStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mailauth-pemstore-").FullName;

    public PemDirectoryKeyStoreTests() => Directory.CreateDirectory(Path.Combine(_root, "example.com"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GetSigningKeyAsync_UnusableKeyFile_NullAndWarningWithPath()
    {
        var logs = new CapturingLoggerFactory();
        Write("broken", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        using var store = new PemDirectoryKeyStore(_root, new PemDirectoryKeyStoreOptions { LoggerFactory = logs });

        var key = await store.GetSigningKeyAsync("example.com", "broken");
        var again = await store.GetSigningKeyAsync("example.com", "broken");

        Assert.Null(key);
        Assert.Null(again);
        var warning = Assert.Single(logs.Events, e => e.Level == LogLevel.Warning);
        Assert.Equal(6002, warning.EventId.Id);
        Assert.Contains(Path.Combine("example.com", "broken.pem"), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetActiveKeysAsync_ActiveFileListsMissingAndBrokenSelectors_OnlyUsableKeysAndWarnings()
    {
        var logs = new CapturingLoggerFactory();
        Write("ed", DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);
        Write("broken", "not a key");
        File.WriteAllText(Path.Combine(_root, "example.com", "active"), "gone\nbroken\ned\n");
        using var store = new PemDirectoryKeyStore(_root, new PemDirectoryKeyStoreOptions { LoggerFactory = logs });

        var active = await store.GetActiveKeysAsync("example.com");

        Assert.Equal(["ed"], active.Select(k => k.Selector));
        Assert.Equal([6001, 6002], logs.Events.Where(e => e.Level == LogLevel.Warning).Select(e => e.EventId.Id).Order());
    }

    [Fact]
    public async Task SignAsync_PemStoreWithMissingKeyFile_NoKeyOnFirstUseNotException()
    {
        using var store = new PemDirectoryKeyStore(_root);
        using RawMessage message = MessageReader.Default.Read(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned())).Message!;
        var signer = new DkimMessageSigner();

        var bySelector = await signer.SignAsync(message, store, "example.com", "s2026");
        var active = await signer.SignAsync(message, store, "example.com");
        var otherDomain = await signer.SignAsync(message, store, "unknown.example");

        Assert.Equal(DkimSigningStatus.NoKey, bySelector.Status);
        Assert.Equal(DkimSigningStatus.NoKey, active.Status);
        Assert.Equal(DkimSigningStatus.NoKey, otherDomain.Status);
    }

    [Fact]
    public async Task GetSigningKeyAsync_NameOutsideTheAllowedCharacters_NullNotException()
    {
        using var store = new PemDirectoryKeyStore(_root);

        Assert.Null(await store.GetSigningKeyAsync("../etc", "passwd"));
        Assert.Null(await store.GetSigningKeyAsync("example.com", "a/b"));
        Assert.Empty(await store.GetActiveKeysAsync("exa mple.com"));
    }

    [Fact]
    public async Task Reload_ThousandTimes_ReplacedKeysAreDisposed()
    {
        Write("ed", DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);
        using var store = new PemDirectoryKeyStore(_root, new PemDirectoryKeyStoreOptions { ReplacedKeyLifetime = TimeSpan.Zero });
        var first = (await store.GetSigningKeyAsync("example.com", "ed"))!;

        for (int i = 0; i < 1000; i++)
        {
            store.Reload();
            Assert.NotNull(await store.GetSigningKeyAsync("example.com", "ed"));
        }

        Assert.Equal(1, store.UndisposedKeyCount);
        Assert.Throws<ObjectDisposedException>(() => first.GetPublicKeyBase64());
    }

    [Fact]
    public async Task Reload_WithinReplacedKeyLifetime_OldKeyStaysUsableThenIsDisposed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Write("ed", DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);
        using var store = new PemDirectoryKeyStore(_root, new PemDirectoryKeyStoreOptions { TimeProvider = clock, ReplacedKeyLifetime = TimeSpan.FromMinutes(1) });
        var old = (await store.GetSigningKeyAsync("example.com", "ed"))!;

        store.Reload();
        Assert.NotEmpty(old.GetPublicKeyBase64()); // a signature being made with it can finish
        clock.Advance(TimeSpan.FromMinutes(2));
        store.Reload();

        Assert.Throws<ObjectDisposedException>(() => old.GetPublicKeyBase64());
    }

    [Fact]
    public async Task Dispose_DisposesLoadedAndReplacedKeys()
    {
        Write("ed", DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);
        var store = new PemDirectoryKeyStore(_root);
        var replaced = (await store.GetSigningKeyAsync("example.com", "ed"))!;
        store.Reload();
        var current = (await store.GetSigningKeyAsync("example.com", "ed"))!;

        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => replaced.GetPublicKeyBase64());
        Assert.Throws<ObjectDisposedException>(() => current.GetPublicKeyBase64());
        Assert.Equal(0, store.UndisposedKeyCount);
    }

    [Fact]
    public async Task WatchForChanges_KeyFileReplaced_NextLookupReadsTheNewKey()
    {
        Write("ed", DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);
        using var store = new PemDirectoryKeyStore(_root, new PemDirectoryKeyStoreOptions { WatchForChanges = true });
        string before = (await store.GetSigningKeyAsync("example.com", "ed"))!.GetPublicKeyBase64();

        string replacement = DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem;
        Write("ed", replacement);
        string expected = DkimSigningKey.FromPem(replacement).GetPublicKeyBase64();

        // The watcher's event arrives asynchronously; poll (a hang guard, not a timing assertion).
        string? after = null;
        for (int i = 0; i < 400 && after != expected; i++)
        {
            await Task.Delay(50);
            after = (await store.GetSigningKeyAsync("example.com", "ed"))?.GetPublicKeyBase64();
        }

        Assert.NotEqual(before, expected);
        Assert.Equal(expected, after);
    }

    [Fact]
    public void Constructor_NegativeReplacedKeyLifetime_ThrowsNamingTheOption()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new PemDirectoryKeyStore(_root, new PemDirectoryKeyStoreOptions { ReplacedKeyLifetime = TimeSpan.FromSeconds(-1) }));

        Assert.Equal(nameof(PemDirectoryKeyStoreOptions.ReplacedKeyLifetime), e.ParamName);
    }

    private void Write(string selector, string pem) => File.WriteAllText(Path.Combine(_root, "example.com", selector + ".pem"), pem);
}

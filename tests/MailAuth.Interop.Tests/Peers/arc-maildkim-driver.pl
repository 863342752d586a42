#!/usr/bin/perl
# Mail::DKIM (Debian libmail-dkim-perl) ARC driver for the MailAuth.Core ARC interop tests.
#
#   probe
#   verify --keys KEYTABLE --in MESSAGE          prints the chain result (pass/fail/none) and detail
#   seal   --keys KEYTABLE --key PEM --domain D --selector S --srv-id ID --in MESSAGE --out SEALED
#
# Offline: Mail::DKIM::DNS::query is replaced by a look-up in KEYTABLE (lines "selector._domainkey.domain<TAB>record").
# seal validates the chain with Mail::DKIM::ARC::Verifier and passes its result as Chain to Mail::DKIM::ARC::Signer,
# with an Authentication-Results field on top carrying it (the signer builds the AAR from the fields above the chain).
# Exit: 0 pass/sealed, 1 fail/none/not sealed, 2 error.
use strict;
use warnings;
use Getopt::Long;
use FindBin;
use lib $FindBin::Bin;
use MailAuthPeer qw(slurp install_key_table);
use Mail::DKIM::ARC::Verifier;
use Mail::DKIM::ARC::Signer;
use Mail::DKIM::PrivateKey;
use Net::DNS;


sub feed {
    my ( $obj, $message ) = @_;
    $message =~ s/\015?\012/\015\012/g;
    $obj->PRINT($message);
    $obj->CLOSE;
}

my $mode = shift @ARGV // '';
my %o;
GetOptions( \%o, 'keys=s', 'key=s', 'domain=s', 'selector=s', 'srv-id=s', 'in=s', 'out=s' ) or exit 2;
if ( $mode eq 'probe' ) { print "ok\n"; exit 0; }

my $result = eval {
    install_key_table( $o{keys} );
    my $message = slurp( $o{in} );
    my $verifier = Mail::DKIM::ARC::Verifier->new( Strict => 1 );
    feed( $verifier, $message );
    my $cv = $verifier->result // 'none';
    if ( $mode eq 'verify' ) {
        print $cv . ' ' . ( $verifier->result_detail // '' ) . "\n";
        return $cv eq 'pass' ? 0 : 1;
    }
    die "usage: arc-maildkim-driver.pl probe|verify|seal ...\n" unless $mode eq 'seal';
    my $signer = Mail::DKIM::ARC::Signer->new(
        Algorithm => 'rsa-sha256',
        Domain    => $o{domain},
        Selector  => $o{selector},
        SrvId     => $o{'srv-id'},
        KeyFile   => $o{key},
        Chain     => $cv,
        Headers   => 'from:to:subject:date:message-id',
        Timestamp => time(),
    );
    # Mail::DKIM takes the AAR from Authentication-Results fields above the ARC fields, as a receiving MTA adds them:
    # the sealer's own result goes on top for the signer only (the AMS does not sign Authentication-Results).
    feed( $signer, "Authentication-Results: $o{'srv-id'}; arc=$cv\015\012" . $message );
    if ( ( $signer->result // '' ) ne 'sealed' ) {
        print 'not sealed: ' . ( $signer->result_detail // $signer->result // '' ) . "\n";
        return 1;
    }
    ( my $normalized = $message ) =~ s/\015?\012/\015\012/g;
    open my $out, '>:raw', $o{out} or die "$o{out}: $!\n";
    print {$out} join( '', map { my $h = $_; $h =~ s/\015?\012/\015\012/g; $h . "\015\012" } $signer->as_strings ) . $normalized;
    close $out;
    print "sealed cv=$cv\n";
    return 0;
};
if ( !defined $result ) { my $e = $@; $e =~ s/\s+$//; print "error: $e\n"; exit 2; }
exit $result;

#!/usr/bin/perl
# Mail::DKIM (Debian libmail-dkim-perl) driver for the MailAuth.Core DKIM interop matrix.
#
#   probe  (exit 0 when the peer can run)
#   sign   --key FILE --alg rsa-sha256 --domain D --selector S --canon H/B
#          --headers from:to:... [--length] --in MESSAGE --out SIGNED
#   verify --keys KEYTABLE --in MESSAGE
#   verify --dns ADDRESS:PORT --in MESSAGE
#   (verify --all: every DKIM-Signature must pass, not only the best one)
#
# Offline: Mail::DKIM::DNS::query is replaced by a look-up in KEYTABLE (lines
# "selector._domainkey.domain<TAB>record"), returned as Net::DNS TXT records. With --dns, Mail::DKIM
# asks that DNS server instead (the local test server, 127.0.0.1:5053) through a Net::DNS::Resolver.
# Exit codes: 0 pass/signed, 1 fail, 2 harness error.
use strict;
use warnings;
use Getopt::Long;
use FindBin;
use lib $FindBin::Bin;
use MailAuthPeer qw(slurp install_key_table require_peer);

my %o = ( alg => 'rsa-sha256', canon => 'relaxed/relaxed', headers => 'from:to:subject:date:message-id' );
my $mode = shift @ARGV // '';
GetOptions( \%o, 'key=s', 'alg=s', 'domain=s', 'selector=s', 'canon=s', 'headers=s', 'length', 'keys=s', 'dns=s', 'all', 'in=s', 'out=s' )
  or exit 2;
require_peer( $mode, qw(Mail::DKIM::Signer Mail::DKIM::Verifier Mail::DKIM::Signature Mail::DKIM::DNS Net::DNS::RR Net::DNS::Resolver) );


sub feed {
    my ( $dkim, $message ) = @_;
    $dkim->PRINT($message);
    $dkim->CLOSE;
}

my $result = eval {
    my $message = slurp( $o{in} );
    if ( $mode eq 'sign' ) {
        my @headers = split /:/, $o{headers};
        my $make = sub {
            my ($length) = @_;
            my $sig = Mail::DKIM::Signature->new(
                Algorithm => $o{alg},
                Method    => $o{canon},
                Headers   => join( ':', @headers ),
                Domain    => $o{domain},
                Selector  => $o{selector},
                Timestamp => time(),
            );
            $sig->body_count($length) if defined $length;
            return $sig;
        };
        my $sign_once = sub {
            my ($length) = @_;
            my $signer = Mail::DKIM::Signer->new(
                Algorithm => $o{alg},
                Method    => $o{canon},
                Domain    => $o{domain},
                Selector  => $o{selector},
                KeyFile   => $o{key},
                Policy    => sub { my $d = shift; $d->add_signature( $make->($length) ); return; },
            );
            feed( $signer, $message );
            return $signer;
        };
        my $signer = $sign_once->(undef);
        if ( $o{length} ) {
            # l= must be the canonicalized body length: learn it from a first pass, then sign with it.
            my $count = $signer->{algorithms}[0]{body_canon}
              ? $signer->{algorithms}[0]{body_canon}->body_count
              : $signer->{algorithms}[0]{canon}->body_count;
            $signer = $sign_once->($count);
        }
        my $field = $signer->signature->as_string;
        $field =~ s/\015?\012/\015\012/g;
        open my $out, '>:raw', $o{out} or die "cannot write $o{out}: $!\n";
        print $out $field, "\015\012", $message;
        close $out;
        print "signed\n";
        return 0;
    }
    elsif ( $mode eq 'verify' ) {
        if ( $o{dns} ) {
            my ( $address, $port ) = $o{dns} =~ /^(.*):(\d+)$/ or die "--dns wants ADDRESS:PORT\n";
            Mail::DKIM::DNS::resolver(
                Net::DNS::Resolver->new( nameservers => [$address], port => $port, recurse => 0, tcp_timeout => 5, udp_timeout => 5 ) );
        }
        else {
            install_key_table( $o{keys} );
        }
        my $verifier = Mail::DKIM::Verifier->new();
        feed( $verifier, $message );
        if ( $o{all} ) {
            my @sigs = $verifier->signatures;
            my @failures = map { "signature $_: " . ( $sigs[$_]->result_detail // 'none' ) }
              grep { ( $sigs[$_]->result // '' ) ne 'pass' } 0 .. $#sigs;
            if ( @sigs && !@failures ) { print 'pass (' . scalar(@sigs) . " signature(s))\n"; return 0; }
            print 'fail: ' . ( join( '; ', @failures ) || 'no signature' ) . "\n";
            return 1;
        }
        my $r = $verifier->result // 'none';
        my $detail = $verifier->result_detail // '';
        if ( $r eq 'pass' ) { print "pass\n"; return 0; }
        print "fail: $detail\n";
        return 1;
    }
    die "usage: maildkim-driver.pl sign|verify ...\n";
};
if ( !defined $result ) { my $e = $@; $e =~ s/\s+$//; print "error: $e\n"; exit 2; }
exit $result;

#!/usr/bin/perl
# Mail::SRS (Debian libmail-srs-perl) as an SRS peer for the interop tests.
# Usage: mail-srs-peer.pl SECRET [SECRET...]; env SRS_NOW (Unix seconds) fixes the clock, SRS_HASH_LENGTH, SRS_MAX_AGE.
# Reads lines "forward<TAB>ADDRESS<TAB>ALIAS" or "reverse<TAB>ADDRESS"; writes "ok<TAB>RESULT" or "err<TAB>MESSAGE".
use strict;
use warnings;
BEGIN {
    # Mail::SRS reads the clock through time(); a fixed clock makes the stamps the test's.
    *CORE::GLOBAL::time = sub { defined $ENV{SRS_NOW} ? $ENV{SRS_NOW} : CORE::time() };
}
use Mail::SRS;

$SIG{__WARN__} = sub { };
my $srs = Mail::SRS->new(
    Secret     => [@ARGV],
    HashLength => $ENV{SRS_HASH_LENGTH} || 4,
    MaxAge     => $ENV{SRS_MAX_AGE} || 21,
);
$| = 1;
while (my $line = <STDIN>) {
    chomp $line;
    my ($op, $address, $alias) = split /\t/, $line, 3;
    my $out = eval { $op eq 'forward' ? $srs->forward($address, $alias) : $srs->reverse($address) };
    if (defined $out) {
        print "ok\t$out\n";
    } else {
        my $error = $@ || 'no result';
        $error =~ s/[\r\n\t]+/ /g;
        print "err\t$error\n";
    }
}

#!/usr/bin/perl
# Mail::DMARC (libmail-dmarc-perl) as a DMARC peer for MailAuth.Core's interop test.
# Usage: mail-dmarc-peer.pl ZONEFILE < cases > results
# Each input line:  id <TAB> from-domain <TAB> spf-result <TAB> spf-domain <TAB> dkim   (dkim: "result:domain,..." or "-")
# Each output line: id <TAB> result <TAB> disposition
# DNS comes from ZONEFILE through an in-process resolver (no network): Mail::DMARC's set_resolver takes any object
# with Net::DNS::Resolver's send/query methods.
use strict;
use warnings;
use Mail::DMARC::PurePerl;
use Net::DNS;
use Net::DNS::ZoneFile;

package ZoneResolver;

sub new {
    my ($class, $file) = @_;
    my %rrs;
    my %names;
    my $zone = Net::DNS::ZoneFile->new($file, '.');
    while (my $rr = $zone->read) {
        my $name = lc $rr->owner;
        $name =~ s/\.$//;
        push @{ $rrs{$name}{ $rr->type } }, $rr;
        my @labels = split /\./, $name;
        $names{ join '.', @labels[ $_ .. $#labels ] } = 1 for 0 .. $#labels;
    }
    return bless { rrs => \%rrs, names => \%names }, $class;
}

sub send {
    my ($self, $name, $type) = @_;
    $type ||= 'A';
    my $key = lc $name;
    $key =~ s/\.$//;
    my $packet = Net::DNS::Packet->new($name, $type, 'IN');
    $packet->header->qr(1);
    $packet->header->aa(1);
    if (!$self->{names}{$key}) {
        $packet->header->rcode('NXDOMAIN');
        return $packet;
    }
    $packet->push(answer => @{ $self->{rrs}{$key}{$type} || [] });
    return $packet;
}

sub query {
    my ($self, $name, $type) = @_;
    my $packet = $self->send($name, $type);
    return scalar($packet->answer) ? $packet : undef;
}

sub errorstring { return 'NOERROR' }

package main;

my $resolver = ZoneResolver->new($ARGV[0] or die "usage: $0 ZONEFILE\n");
$| = 1;
while (my $line = <STDIN>) {
    chomp $line;
    next if $line eq '';
    my ($id, $from, $spf_result, $spf_domain, $dkim) = split /\t/, $line;
    my $dmarc = Mail::DMARC::PurePerl->new;
    $dmarc->set_resolver($resolver);
    $dmarc->header_from($from);
    $dmarc->source_ip('192.0.2.200');
    $dmarc->spf(domain => $spf_domain, scope => 'mfrom', result => $spf_result);
    my @sigs;
    if ($dkim ne '-') {
        for my $sig (split /,/, $dkim) {
            my ($result, $domain) = split /:/, $sig, 2;
            push @sigs, { domain => $domain, selector => 'sel', result => $result, human_result => $result };
        }
    }
    $dmarc->dkim(\@sigs);
    my $result = $dmarc->validate;
    print join("\t", $id, $result->result, $result->disposition), "\n";
}

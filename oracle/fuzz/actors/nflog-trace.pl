#!/usr/bin/perl
# Reads the kernel's TRACE log for iptables-legacy inside one network namespace (oracle/OBSERVATIONS.md, "TRACE"):
# binds nfnetlink_log as this namespace's logger for AF_INET and AF_INET6 (NFULNL_CFG_CMD_PF_BIND, which changes
# /proc/sys/net/netfilter/nf_log/{2,10} of this namespace only) and reads group 0. Perl because Node cannot open a
# netlink socket, and perl-base is part of every Debian system. Only core built-ins are used.
# stdout, one record per line, tab-separated:
#   R                                       ready
#   T fam proto src dst sport dport flags prefix   one logged packet (addresses as hex, flags as a number)
#   E message                               an error (the harness fails the session)
use strict;
use warnings;

$| = 1;
my ($AF_NETLINK, $SOCK_RAW, $NETLINK_NETFILTER) = (16, 3, 12);
my $SUBSYS_ULOG = 4;
my ($MSG_PACKET, $MSG_CONFIG) = (0, 1);
my ($CFG_CMD, $CFG_MODE, $CFG_QTHRESH) = (1, 2, 5);
my ($CMD_BIND, $CMD_PF_BIND, $CMD_PF_UNBIND) = (1, 3, 4);
my ($NLM_F_REQUEST, $NLM_F_ACK, $NLMSG_ERROR) = (1, 4, 2);

socket(my $nl, $AF_NETLINK, $SOCK_RAW, $NETLINK_NETFILTER) or fail("socket: $!");
bind($nl, pack('S S L L', $AF_NETLINK, 0, 0, 0)) or fail("bind: $!");
setsockopt($nl, 1, 8, pack('i', 4 * 1024 * 1024));    # SOL_SOCKET SO_RCVBUF

my $seq = 0;
sub fail { print "E\t$_[0]\n"; exit 1; }
sub attr { my ($type, $data) = @_; my $len = 4 + length $data; pack('S S', $len, $type) . $data . ("\0" x ((4 - $len % 4) % 4)) }

sub config {
  my ($family, $group, $attrs, $what) = @_;
  $seq++;
  my $body = pack('C C n', $family, 0, $group) . $attrs;
  my $msg = pack('L S S L L', 16 + length $body, ($SUBSYS_ULOG << 8) | $MSG_CONFIG, $NLM_F_REQUEST | $NLM_F_ACK, $seq, 0) . $body;
  send($nl, $msg, 0, pack('S S L L', $AF_NETLINK, 0, 0, 0)) or fail("send $what: $!");
  for (;;) {
    defined recv($nl, my $buf, 65536, 0) or fail("recv ack $what: $!");
    my ($len, $type, $flags, $s) = unpack('L S S L', $buf);
    next unless $s == $seq;
    if ($type == $NLMSG_ERROR) {
      my $err = unpack('l', substr($buf, 16, 4));
      fail("$what: error $err") if $err != 0;
      return;
    }
  }
}

# This namespace's logger for IPv4 and IPv6 is nfnetlink_log (unbind first: bind refuses a taken slot).
for my $pf (2, 10) {
  config($pf, 0, attr($CFG_CMD, pack('C', $CMD_PF_UNBIND)), "pf unbind $pf");
  config($pf, 0, attr($CFG_CMD, pack('C', $CMD_PF_BIND)), "pf bind $pf");
}
config(0, 0, attr($CFG_CMD, pack('C', $CMD_BIND)), 'bind group 0');
# Copy the first 128 bytes of each packet (headers) and send every message at once (qthreshold 1).
config(0, 0, attr($CFG_MODE, pack('N C C', 128, 2, 0)) . attr($CFG_QTHRESH, pack('N', 1)), 'mode');
print "R\n";

sub hexaddr { join '', map { sprintf '%02x', $_ } unpack('C*', $_[0]) }

sub packet {
  my ($family, $payload, $prefix) = @_;
  my ($proto, $src, $dst, $l4);
  if ($family == 2 && length $payload >= 20) {
    my $ihl = (unpack('C', $payload) & 15) * 4;
    $proto = unpack('C', substr($payload, 9, 1));
    ($src, $dst) = (substr($payload, 12, 4), substr($payload, 16, 4));
    $l4 = substr($payload, $ihl);
  } elsif ($family == 10 && length $payload >= 40) {
    $proto = unpack('C', substr($payload, 6, 1));
    ($src, $dst) = (substr($payload, 8, 16), substr($payload, 24, 16));
    $l4 = substr($payload, 40);
  } else {
    return;
  }
  my ($sport, $dport, $flags) = (0, 0, 0);
  if (length $l4 >= 4) { ($sport, $dport) = unpack('n n', $l4); }
  if ($proto == 6 && length $l4 >= 14) { $flags = unpack('C', substr($l4, 13, 1)); }
  $prefix =~ s/[\t\n]/ /g;
  print join("\t", 'T', $family, $proto, hexaddr($src), hexaddr($dst), $sport, $dport, $flags, $prefix), "\n";
}

for (;;) {
  my $got = recv($nl, my $buf, 1 << 20, 0);
  fail("recv: $!") unless defined $got;
  while (length $buf >= 16) {
    my ($len, $type) = unpack('L S', $buf);
    last if $len < 16 || $len > length $buf;
    my $msg = substr($buf, 0, $len);
    $buf = substr($buf, ($len + 3) & ~3);
    next unless $type == (($SUBSYS_ULOG << 8) | $MSG_PACKET);
    my $family = unpack('C', substr($msg, 16, 1));
    my $at = 20;
    my ($prefix, $payload) = ('', '');
    while ($at + 4 <= $len) {
      my ($alen, $atype) = unpack('S S', substr($msg, $at, 4));
      last if $alen < 4;
      my $data = substr($msg, $at + 4, $alen - 4);
      $atype &= 0x3fff;
      if ($atype == 10) { ($prefix = $data) =~ s/\0.*//s; }
      elsif ($atype == 9) { $payload = $data; }
      $at += ($alen + 3) & ~3;
    }
    packet($family, $payload, $prefix);
  }
}

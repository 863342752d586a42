namespace MailAuth.Reports.Tests.FailureReports;

/// <summary>
/// The example reports of the RFCs, copied verbatim from /work/shared/rfc (page headers and footers removed, the three-space
/// indent dropped). Code components and examples of IETF documents are licensed under the Simplified BSD License
/// (IETF Trust Legal Provisions §4.c, BCP 78).
/// </summary>
internal static class ArfExamples
{
    /// <summary>RFC 5965 Appendix B.1 (simple abuse report, required fields only).</summary>
    public static byte[] Rfc5965B1 => Bytes("""
        From: <abusedesk@example.com>
        Date: Thu, 8 Mar 2005 17:40:36 EDT
        Subject: FW: Earn money
        To: <abuse@example.net>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report;
             boundary="part1_13d.2e68ed54_boundary"

        --part1_13d.2e68ed54_boundary
        Content-Type: text/plain; charset="US-ASCII"
        Content-Transfer-Encoding: 7bit

        This is an email abuse report for an email message received from IP
        192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information
        about this format please see http://www.mipassoc.org/arf/.

        --part1_13d.2e68ed54_boundary
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: SomeGenerator/1.0
        Version: 1

        --part1_13d.2e68ed54_boundary
        Content-Type: message/rfc822
        Content-Disposition: inline

        Received: from mailserver.example.net
             (mailserver.example.net [192.0.2.1])
             by example.com with ESMTP id M63d4137594e46;
             Thu, 08 Mar 2005 14:00:00 -0400
        From: <somespammer@example.net>
        To: <Undisclosed Recipients>
        Subject: Earn money
        MIME-Version: 1.0
        Content-type: text/plain
        Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net
        Date: Thu, 02 Sep 2004 12:31:03 -0500

        Spam Spam Spam
        Spam Spam Spam
        Spam Spam Spam
        Spam Spam Spam
        --part1_13d.2e68ed54_boundary--
        """);

    /// <summary>RFC 5965 Appendix B.2 (full abuse report; the blank line inside the original message is in the RFC).</summary>
    public static byte[] Rfc5965B2 => Bytes("""
        From: <abusedesk@example.com>
        Date: Thu, 8 Mar 2005 17:40:36 EDT
        Subject: FW: Earn money
        To: <abuse@example.net>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report;
             boundary="part1_13d.2e68ed54_boundary"

        --part1_13d.2e68ed54_boundary
        Content-Type: text/plain; charset="US-ASCII"
        Content-Transfer-Encoding: 7bit

        This is an email abuse report for an email message received from IP
        192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information
        about this format please see http://www.mipassoc.org/arf/.

        --part1_13d.2e68ed54_boundary
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: SomeGenerator/1.0
        Version: 1
        Original-Mail-From: <somespammer@example.net>
        Original-Rcpt-To: <user@example.com>
        Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT
        Reporting-MTA: dns; mail.example.com
        Source-IP: 192.0.2.1
        Authentication-Results: mail.example.com;
                       spf=fail smtp.mail=somespammer@example.com
        Reported-Domain: example.net
        Reported-Uri: http://example.net/earn_money.html
        Reported-Uri: mailto:user@example.com
        Removal-Recipient: user@example.com

        --part1_13d.2e68ed54_boundary
        Content-Type: message/rfc822
        Content-Disposition: inline

        From: <somespammer@example.net>
        Received: from mailserver.example.net (mailserver.example.net
             [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;
             Thu, 08 Mar 2005 14:00:00 -0400

        To: <Undisclosed Recipients>
        Subject: Earn money
        MIME-Version: 1.0
        Content-type: text/plain
        Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net
        Date: Thu, 02 Sep 2004 12:31:03 -0500

        Spam Spam Spam
        Spam Spam Spam
        Spam Spam Spam
        Spam Spam Spam
        --part1_13d.2e68ed54_boundary--
        """);

    /// <summary>RFC 6591 Appendix B.1 (auth-failure, bodyhash, text/rfc822-headers).</summary>
    public static byte[] Rfc6591B1 => Bytes("""
        From: "SomeISP Antispam Feedback" <feedback@mail.receiver.example>
        To: arf-failure@sender.example
        Subject: FW: You have a new bill from your bank
        Date: Sat, 8 Oct 2011 15:15:59 -0500 (CDT)
        MIME-Version: 1.0
        Content-Type: multipart/report;
          boundary="------------Boundary-00=_3BCR4Y7kX93yP9uUPRhg";
          report-type=feedback-report
        Content-Transfer-Encoding: 7bit

        --------------Boundary-00=_3BCR4Y7kX93yP9uUPRhg
        Content-Type: text/plain; charset="us-ascii"
        Content-Disposition: inline
        Content-Transfer-Encoding: 7bit

        This is an authentication failure report for an email message
        received from a.sender.example on 8 Oct 2011 20:15:58 +0000 (GMT).
        For more information about this format, please see [RFC6591].

        --------------Boundary-00=_3BCR4Y7kX93yP9uUPRhg
        Content-Type: message/feedback-report
        Content-Transfer-Encoding: 7bit

        Feedback-Type: auth-failure
        User-Agent: Someisp!Mail-Feedback/1.0
        Version: 1
        Original-Mail-From: anexample.reply@a.sender.example
        Original-Envelope-Id: o3F52gxO029144
        Authentication-Results: mta1011.mail.tp2.receiver.example;
         dkim=fail (bodyhash) header.d=sender.example
        Auth-Failure: bodyhash
        DKIM-Canonicalized-Body: VGhpcyBpcyBhIG1lc3NhZ2UgYm9keSB0
          aGF0IGdvdCBtb2RpZmllZCBpbiB0cmFuc2l0LgoKQXQgdGhlIHNhbWU
          gdGltZSB0aGF0IHRoZSBib2R5aGFzaCBmYWlscyB0byB2ZXJpZnksIH
          RoZQptZXNzYWdlIGNvbnRlbnQgaXMgY2xlYXJseSBhYnVzaXZlIG9yI
          HBoaXNoeSwgYXMgdGhlClN1YmplY3QgYWxyZWFkeSBoaW50cy4gIElu
          ZGVlZCwgdGhpcyBib2R5IGFsc28gY29udGFpbnMKdGhlIGZvbGxvd2l
          uZyB0ZXh0OgoKICAgUGxlYXNlIGVudGVyIHlvdXIgZnVsbCBiYW5rIG
          NyZWRlbnRpYWxzIGF0CiAgIGh0dHA6Ly93d3cuc2VuZGVyLmV4YW1wb
          GUvCgpXZSBhcmUgaW1wbHlpbmcgdGhhdCwgYWx0aG91Z2ggbXVsdGlw
          bGUgZmFpbHVyZXMKcmVxdWlyZSBtdWx0aXBsZSByZXBvcnRzLCBhIHN
          pbmdsZSBmYWlsdXJlIGNhbiBiZQpyZXBvcnRlZCBhbG9uZyB3aXRoIH
          BoaXNoaW5nIGluIGEgc2luZ2xlIHJlcG9ydC4K
        DKIM-Domain: sender.example
        DKIM-Identity: @sender.example
        DKIM-Selector: testkey
        Arrival-Date: 8 Oct 2011 20:15:58 +0000 (GMT)
        Source-IP: 192.0.2.1
        Reported-Domain: a.sender.example
        Reported-URI: http://www.sender.example/

        --------------Boundary-00=_3BCR4Y7kX93yP9uUPRhg
        Content-Type: text/rfc822-headers
        Content-Transfer-Encoding: 7bit

        Authentication-Results: mta1011.mail.tp2.receiver.example;
         dkim=fail (bodyhash) header.d=sender.example;
         spf=pass smtp.mailfrom=anexample.reply@a.sender.example
        Received: from smtp-out.sender.example
         by mta1011.mail.tp2.receiver.example
         with SMTP id oB85W8xV000169;
         Sat, 08 Oct 2011 13:15:58 -0700 (PDT)
        DKIM-Signature: v=1; c=relaxed/simple; a=rsa-sha256;
         s=testkey; d=sender.example; h=From:To:Subject:Date;
         bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
         b=AuUoFEfDxTDkHlLXSZEpZj79LICEps6eda7W3deTVFOk4yAUoqOB
         4nujc7YopdG5dWLSdNg6xNAZpOPr+kHxt1IrE+NahM6L/LbvaHut
         KVdkLLkpVaVVQPzeRDI009SO2Il5Lu7rDNH6mZckBdrIx0orEtZV
         4bmp/YzhwvcubU4=
        Received: from mail.sender.example
         by smtp-out.sender.example
         with SMTP id o3F52gxO029144;
         Sat, 08 Oct 2011 13:15:31 -0700 (PDT)
        Received: from internal-client-001.sender.example
         by mail.sender.example
         with SMTP id o3F3BwdY028431;
         Sat, 08 Oct 2011 13:15:24 -0700 (PDT)
        Date: Sat, 8 Oct 2011 16:15:24 -0400 (EDT)
        Reply-To: anexample.reply@a.sender.example
        From: anexample@a.sender.example
        To: someuser@receiver.example
        Subject: You have a new bill from your bank
        Message-ID: <87913910.1318094604546@out.sender.example>

        --------------Boundary-00=_3BCR4Y7kX93yP9uUPRhg--
        """);

    /// <summary>RFC 9991 Appendix A (DMARC failure report).</summary>
    public static byte[] Rfc9991A => Bytes("""
        Received: from gen.example (gen.example [192.0.2.1])
          (TLS: TLS1.3,256bits,ECDHE_RSA_AES_256_GCM_SHA384)
          by mail.consumer.example with ESMTPS
          id 00000000005DC0DD.0000442E; Tue, 19 Jul 2022 07:57:50 +0200
        DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple;
          d=gen.example; s=mail; t=1658210268;
          bh=rCrh1aFDE8d/Fltt8wbcu48bLOu4OM23QXqphUZPAIM=;
          h=From:To:Date:Subject:From;
          b=IND9JkuwF9/5841kzxMbPeej0VYimVzNKozR2R89M8eYO2zOlCBblx507Gz0YK7mE
           /h6pslWm0ODBVFzLlwY9CXv4Vu62QsN0RBIXHPjEXOkoM2VCD5zCd+5i5dtCFX7Mxh
           LThb2ZJ3efklbSB9RQRwxcmRvCPV7z6lt/Ds9sucVE1RDODYHjx+iWnAUQrlos6ZQb
           u/YOUGjf60LPpyljfPu3EpFwo80mSHyQlP/4S5KEykgPQMgCqLPPKvJwu1aAIDj+jG
           q2ylO3fmc/ERDeDWACtR67YNabEKBWtjqCRLNxKttazViJTZ5drcLfpX0853KoougX
           Rltp7zdoLdy4A==
        From: DMARC Filter <DMARC@gen.example>;
        To: dmarcfail@consumer.example
        Date: Tue, 19 Jul 2022 00:57:48 -0500 (CDT)
        Subject: FW: This is the original subject
        Mime-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report;
          boundary="=_mime_boundary_"
        Message-Id: <20220719055748.4AE9D403CC@gen.example>;

        This is a MIME-formatted message.  If you see this text it means that
        your E-mail software does not support MIME-formatted messages.

        --=_mime_boundary_
        Content-Type: text/plain; charset=utf-8
        Content-Disposition: inline
        Content-Transfer-Encoding: 7bit

        This is an authentication failure report for an email message
        received from IP 192.0.2.2 on Tue, 19 Jul 2022 00:57:48 -0500.

        --=_mime_boundary_
        Content-Type: message/feedback-report
        Content-Transfer-Encoding: 7bit

        Feedback-Type: auth-failure
        Version: 1
        User-Agent: DMARC-Filter/1.2.3
        Auth-Failure: dmarc
        Authentication-Results: gen.example;
          dmarc=fail header.from=consumer.example
        Identity-Alignment: dkim
        DKIM-Domain: consumer.example
        DKIM-Identity: @consumer.example
        DKIM-Selector: epsilon
        Original-Envelope-Id: 65E1A3F0A0
        Original-Mail-From: author=gen.example@forwarder.example
        Source-IP: 192.0.2.2
        Source-Port: 12345
        Reported-Domain: consumer.example

        --=_mime_boundary_
        Content-Type: message/rfc822; charset=utf-8
        Content-Transfer-Encoding: 7bit

        Authentication-Results: gen.example;
          dkim=permerror header.d=forwarder.example header.b="EjCbN/c3";
          dkim=temperror header.d=forwarder.example header.b="mQ8GEWPc";
          dkim=permerror header.d=consumer.example header.b="hETrymCb";
          dkim=neutral header.d=consumer.example header.b="C2nsAp3A";
        Received: from mail.forwarder.example
          (mail.forwarder.example [IPv6:2001:db8::23ac])
          by mail.gen.example (Postfix) with ESMTP id 5E8B0C159826
          for <x@gen.example>; Sun, 14 Aug 2022 07:58:29 -0700 (PDT)
        Received: from mail.forwarder.example (localhost [127.0.0.1])
          by mail.forwarder.example (Postfix) with ESMTP id 4Ln7Qw4fnvz6Bq
          for <x@gen.example>; Tue, 19 Jul 2022 07:57:44 +0200
        DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;
          d=forwarder.example; s=ed25519-59hs; t=1658210264;
          x=1663210264; bh=KYH/g7ForvDbnyyDLYSjauMYMW6sEIqu75/9w3OIONg=;
          h=Message-ID:Date:List-Id:List-Archive:List-Post:List-Help:
           List-Subscribe:List-Unsubscribe:List-Owner:MIME-Version:Subject:
           To:References:From:In-Reply-To:Content-Type:
           Content-Transfer-Encoding:autocrypt:cc:content-transfer-encoding:
           content-type:date:from:in-reply-to:message-id:mime-version:
           openpgp:references:subject:to;
          b=EjCbN/c3bTU4QkZH/zwTbYxBDp0k8kpmWSXh5h1M7T8J4vtRo+hvafJazT3ZRgq+7
           +4dzEQwUhl+NOJYXXNUAA==
        DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
          d=forwarder.example; s=rsa-wgJg; t=1658210264; x=1663210264;
          bh=KYH/g7ForvDbnyyDLYSjauMYMW6sEIqu75/9w3OIONg=;
          h=Message-ID:Date:List-Id:List-Archive:List-Post:List-Help:
           List-Subscribe:List-Unsubscribe:List-Owner:MIME-Version:Subject:
           To:References:From:In-Reply-To:Content-Type:
           Content-Transfer-Encoding:autocrypt:cc:content-transfer-encoding:
           content-type:date:from:in-reply-to:message-id:mime-version:
           openpgp:references:subject:to;
          b=mQ8GEWPcVpBpeqQ88pcbXpGHBT0J/Rwi8Zd2WZTXWWneQGRCOJLRcbBJpjqnrwtqd
           76IqawH86tihz4Z/12J1GBCdNx1gfazsoI3yaqfooRDYg0mSyZHrYhQBmodnPcqZj4
           /25L5278sc/UNrYO9az2n7R/skbVZ0bvSo2eEiGU8fcpO8+a5SKNYskhaviAI4eGIB
           iRMdEP7gP8dESdnZguNbY5HI32UMDpPPNqajzd/BgcqbveYpRrWCDOhcY47POV7GHM
           i/KLHiZXtJsL3/Pr/4TL+HTjdX8EDSsy1K5/JCvJCFsJHnSvkEaJQGLn/2m03eW9r8
           9w1bQ90aY+VCQ==
        X-Original-To: users@forwarder.example
        Received: from mail.consumer.example
          (mail.consumer.example [192.0.2.4])
          (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
           key-exchange ECDHE (P-256) server-signature ECDSA (P-384)
           server-digest SHA384)
          (Client did not present a certificate)
          by mail.forwarder.example (Postfix) with ESMTPS id 4Ln7Qs55xmz4nP
          for <users@forwarder.example>;
          Tue, 19 Jul 2022 07:57:41 +0200 (CEST)
        Authentication-Results: mail.forwarder.example;
          arc=none smtp.remote-ip=192.0.2.4
        Authentication-Results: mail.forwarder.example;
          dkim=pass (512-bit key; secure) header.d=consumer.example
           header.i=@consumer.example header.a=ed25519-sha256
           header.s=epsilon header.b=hETrymCb;
          dkim=pass (1152-bit key; secure) header.d=consumer.example
           header.i=@consumer.example header.a=rsa-sha256
           header.s=delta header.b=C2nsAp3A
        DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;
          d=consumer.example; s=epsilon; t=1658210255;
          bh=KYH/g7ForvDbnyyDLYSjauMYMW6sEIqu75/9w3OIONg=;
          h=Date:Subject:To:References:From:In-Reply-To;
          b=hETrymCbz6T1Dyo5dCG9dk8rPykKLdhJCPFeJ9TiiP/kaoN2afpUYtj+SrI+I83lp
           p1F/FfYSGy7zz3Q3OdxBA==
        DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
          d=consumer.example; s=delta; t=1658210255;
          bh=KYH/g7ForvDbnyyDLYSjauMYMW6sEIqu75/9w3OIONg=;
          h=Date:To:References:From:In-Reply-To;
          b=C2nsAp3AMNX33Nq7nN/StPo921xE3XGF8Ju3iAKdYB3EKhsril0N5IjWGlglJECst
           jLNKSo7KWZZ2lkH/dVZ9Rs1GHT2uaKy1sc/xmNIC5rHdhrxammiwpTSo4PsT8disfc
           3DVF6Q62n0EsdLFqcw1KY8A9inFqYKY2tqoo+y4zMtItqCYx3xjsj3I0IFLuX
        Author: Message Author <author@consumer.example>
        Received: from [192.0.2.8] (host-8-2-0-192.isp.example [192.0.2.8])
          (AUTH: CRAM-MD5 uXDGrn@SYT0/k, TLS: TLS1.3,128bits,
          ECDHE_RSA_AES_128_GCM_SHA256)
          by mail.consumer.example with ESMTPSA
          id 00000000005DC076.00004417; Tue, 19 Jul 2022 07:57:35 +0200
        Message-ID: <2431dc66-b010-c9cc-4f2b-a1f889f8bdb4@consumer.example>
        Date: Tue, 19 Jul 2022 07:57:33 +0200
        List-Id: <users.forwarder.example>
        List-Post: <mailto:users@forwarder.example>
        List-Help: <mailto:users+help@forwarder.example>
        List-Subscribe: <mailto:users+subscribe@forwarder.example>
        List-Unsubscribe: <mailto:users+unsubscribe@forwarder.example>
        List-Owner: <mailto:users+owner@forwarder.example>
        Precedence: list
        MIME-Version: 1.0
        Subject: This is the original subject
        Content-Language: en-US
        To: users@forwarder.example
        Authentication-Results: consumer.example; auth=pass (details omitted)
        From: Message Author <author@consumer.example>
        In-Reply-To: <20220718102753.0f6d9dde.cel@example.com>
        Content-Type: text/plain; charset=UTF-8; format=flowed
        Content-Transfer-Encoding: 8bit

        [ Message body was here ]
        --=_mime_boundary_--
        """);

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n") + "\r\n");
}

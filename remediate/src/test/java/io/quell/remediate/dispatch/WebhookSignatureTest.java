/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.remediate.dispatch.WebhookSignature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final Instant NOW = Instant.parse("2026-03-02T09:20:00Z");
  private static final long SENT = NOW.getEpochSecond() - 3;
  private static final byte[] BODY =
      "{\"incident\":{\"id\":\"inc-1\"}}".getBytes(StandardCharsets.UTF_8);

  private final WebhookSignature signature = new WebhookSignature("s3cret");

  @Test
  void shouldVerifyWhatItSigned() {
    String signed = signature.sign(SENT, BODY);

    assertThat(signed).matches("sha256=[0-9a-f]{64}");
    assertThat(signature.verify(Long.toString(SENT), signed, BODY, NOW))
        .isEqualTo(Verification.VALID);
  }

  @Test
  void shouldSignTheTimestampADotAndTheBodyWithHmacSha256() throws Exception {
    // The documented scheme, computed independently, so that receivers in any language can follow.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            (SENT + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

    assertThat(signature.sign(SENT, BODY))
        .isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(expected));
  }

  @Test
  void shouldDetectAnAlteredBodyTimestampOrSecret() {
    String signed = signature.sign(SENT, BODY);
    byte[] altered = "{\"incident\":{\"id\":\"inc-2\"}}".getBytes(StandardCharsets.UTF_8);

    assertThat(signature.verify(Long.toString(SENT), signed, altered, NOW))
        .isEqualTo(Verification.MISMATCH);
    assertThat(signature.verify(Long.toString(SENT + 1), signed, BODY, NOW))
        .isEqualTo(Verification.MISMATCH);
    assertThat(new WebhookSignature("other").verify(Long.toString(SENT), signed, BODY, NOW))
        .isEqualTo(Verification.MISMATCH);
  }

  @Test
  void shouldRejectACorrectSignatureOutsideTheTolerance() {
    long old = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
    long future = NOW.plus(Duration.ofMinutes(6)).getEpochSecond();

    assertThat(signature.verify(Long.toString(old), signature.sign(old, BODY), BODY, NOW))
        .isEqualTo(Verification.STALE);
    assertThat(signature.verify(Long.toString(future), signature.sign(future, BODY), BODY, NOW))
        .isEqualTo(Verification.STALE);
    assertThat(
            signature.verify(
                Long.toString(old), signature.sign(old, BODY), BODY, NOW, Duration.ofMinutes(10)))
        .isEqualTo(Verification.VALID);
  }

  @Test
  void shouldReportMissingAndMalformedHeaders() {
    String signed = signature.sign(SENT, BODY);

    assertThat(signature.verify(null, signed, BODY, NOW)).isEqualTo(Verification.MISSING);
    assertThat(signature.verify(Long.toString(SENT), null, BODY, NOW))
        .isEqualTo(Verification.MISSING);
    assertThat(signature.verify("yesterday", signed, BODY, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify("+" + SENT, signed, BODY, NOW)).isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify(Long.toString(SENT), "md5=abc", BODY, NOW))
        .isEqualTo(Verification.MALFORMED);
    assertThat(signature.verify(Long.toString(SENT), "sha256=zz", BODY, NOW))
        .isEqualTo(Verification.MALFORMED);
  }

  @Test
  void shouldAcceptAnyOfSeveralSignaturesForSecretRotation() {
    String current = signature.sign(SENT, BODY);
    String previous = new WebhookSignature("old-secret").sign(SENT, BODY);

    assertThat(signature.verify(Long.toString(SENT), previous + ", " + current, BODY, NOW))
        .isEqualTo(Verification.VALID);
  }

  @Test
  void shouldRefuseAnEmptySecretAndNeverShowIt() {
    assertThatThrownBy(() -> new WebhookSignature("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(signature.toString()).doesNotContain("s3cret");
  }

  @Property(tries = 200)
  void anyChangedByteOfTheBodyBreaksTheSignature(
      @ForAll @Size(min = 1, max = 200) byte[] body, @ForAll @IntRange(min = 0, max = 199) int at) {
    String signed = signature.sign(SENT, body);
    byte[] tampered = body.clone();
    tampered[at % body.length] ^= 0x01;

    assertThat(signature.verify(Long.toString(SENT), signed, tampered, NOW))
        .isEqualTo(Verification.MISMATCH);
    assertThat(signature.verify(Long.toString(SENT), signed, body, NOW))
        .isEqualTo(Verification.VALID);
  }
}

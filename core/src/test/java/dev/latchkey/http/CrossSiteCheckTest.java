package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrossSiteCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
  void safeMethodThenAllowedEvenCrossSite(String method) {
    assertThat(CrossSiteCheck.of(method, "app.example", "https://evil.example", "cross-site",
        "text/plain")).isEqualTo(CrossSiteCheck.ALLOWED);
  }

  @ParameterizedTest
  @CsvSource({"same-origin,ALLOWED", "none,ALLOWED", " Same-Origin ,ALLOWED",
      "same-site,CROSS_SITE", "cross-site,CROSS_SITE", "garbage,CROSS_SITE", "'',CROSS_SITE"})
  void secFetchSiteWhenPresentThenDecidesAlone(String site, CrossSiteCheck expected) {
    // Origin and Content-Type would say otherwise: Sec-Fetch-Site wins.
    assertThat(CrossSiteCheck.of("POST", "app.example", "https://app.example", site,
        "application/json")).isEqualTo(expected);
    assertThat(CrossSiteCheck.of("DELETE", "app.example", "https://evil.example", site,
        "text/plain")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "https://app.example,app.example,ALLOWED",
      "https://APP.example,app.example:443,ALLOWED",
      "http://localhost:7070,localhost:7070,ALLOWED",
      "http://app.example,app.example:80,ALLOWED",
      "https://app.example,app.example:8443,CROSS_SITE",
      "https://evil.example,app.example,CROSS_SITE",
      "https://sub.app.example,app.example,CROSS_SITE",
      "null,app.example,CROSS_SITE",
      "https://app.example/path,app.example,CROSS_SITE",
      "https://user@app.example,app.example,CROSS_SITE",
      "app.example,app.example,CROSS_SITE"})
  void originWhenNoSecFetchSiteThenComparedWithHost(String origin, String host,
      CrossSiteCheck expected) {
    assertThat(CrossSiteCheck.of("PUT", host, origin, null, "text/plain")).isEqualTo(expected);
  }

  @Test
  void originWhenHostMissingThenCrossSite() {
    assertThat(CrossSiteCheck.of("POST", null, "https://app.example", null, "application/json"))
        .isEqualTo(CrossSiteCheck.CROSS_SITE);
  }

  @ParameterizedTest
  @CsvSource({"application/json,ALLOWED", "Application/JSON; charset=utf-8,ALLOWED",
      "application/merge-patch+json,ALLOWED", "text/plain,JSON_REQUIRED",
      "application/x-www-form-urlencoded,JSON_REQUIRED", "multipart/form-data,JSON_REQUIRED",
      "text/json,JSON_REQUIRED", "'',JSON_REQUIRED"})
  void contentTypeWhenNeitherHeaderThenJsonRequired(String contentType, CrossSiteCheck expected) {
    assertThat(CrossSiteCheck.of("PATCH", "app.example", null, null, contentType))
        .isEqualTo(expected);
  }

  @Test
  void nothingKnownThenJsonRequiredNeverAnException() {
    assertThat(CrossSiteCheck.of(null, null, null, null, null))
        .isEqualTo(CrossSiteCheck.JSON_REQUIRED);
    assertThat(CrossSiteCheck.of("POST", "a".repeat(5000), "https://" + "a".repeat(5000), null,
        null)).isEqualTo(CrossSiteCheck.CROSS_SITE);
  }

  @Test
  void codesAreStable() {
    assertThat(CrossSiteCheck.ALLOWED.code()).isEqualTo("allowed");
    assertThat(CrossSiteCheck.CROSS_SITE.code()).isEqualTo("cross_site_request");
    assertThat(CrossSiteCheck.JSON_REQUIRED.code()).isEqualTo("json_content_type_required");
    assertThat(CrossSiteCheck.ALLOWED.isAllowed()).isTrue();
    assertThat(CrossSiteCheck.CROSS_SITE.isAllowed()).isFalse();
  }
}

package dev.latchkey.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.RecordingStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailVerificationTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Firefox/128.0");
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  private final RecordingStores stores = new RecordingStores();
  private final DevOutbox outbox = DevOutbox.create(java.time.Clock.systemUTC());
  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.stores(stores)
      .oneTimeCodeStore(InMemoryStores.create().oneTimeCodes()).passwordHashing(FAST)
      .messageSender(outbox).recoverySettings(PasswordResetsTest.SETTINGS));
  private final EmailVerification emails = f.latchkey.emailVerification();

  private String tokenTo(String address, MessagePurpose purpose, String page) {
    var d = outbox.latestTo(address).orElseThrow();
    assertThat(d.message().purpose()).isEqualTo(purpose);
    String link = d.message().content().reveal();
    assertThat(link).startsWith("https://app.example.com/" + page + "?token=");
    return link.substring(link.indexOf("token=") + 6);
  }

  @Test
  void signUpWithANewAddressSendsAVerificationLinkThatWorksOnce() {
    VerificationSendResult r = emails.signUp("u-1", "New.Person@Example.com", false, CLIENT, null);
    assertThat(r).isInstanceOf(VerificationSendResult.Sent.class);
    assertThat(((VerificationSendResult.Sent) r).maskedAddress())
        .isEqualTo("N\u2022\u2022\u2022@example.com");
    String token = tokenTo("New.Person@example.com", MessagePurpose.EMAIL_VERIFICATION_LINK,
        "verify-email");
    assertThat(emails.verify(token, CLIENT))
        .isEqualTo(new EmailVerifyResult.Verified("u-1", "New.Person@example.com"));
    assertThat(emails.verify(token, CLIENT))
        .isEqualTo(new EmailVerifyResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(f.events).extracting(e -> e.type()).contains(SecurityEventType.EMAIL_VERIFIED);
  }

  /**
   * A taken address answers the same as a new one, does the same store calls, and its owner gets
   * a "someone tried to sign up" notice that links the sign-in page.
   */
  @Test
  void signUpWithATakenAddressAnswersTheSameAndNotifiesTheOwner() {
    for (int i = 0; i < 3; i++) {
      stores.takeCalls();
      VerificationSendResult fresh = emails.signUp("u-new-" + i, "fresh" + i + "@example.com",
          false, new ClientInfo("198.51.100.1", "x"), null);
      List<String> freshCalls = stores.takeCalls();
      VerificationSendResult taken = emails.signUp("owner", "owner@example.com", true,
          new ClientInfo("198.51.100.2", "x"), null);
      List<String> takenCalls = stores.takeCalls();
      assertThat(taken.getClass()).isEqualTo(fresh.getClass())
          .isEqualTo(VerificationSendResult.Sent.class);
      assertThat(((VerificationSendResult.Sent) taken).expiresAt())
          .isEqualTo(((VerificationSendResult.Sent) fresh).expiresAt());
      assertThat(takenCalls).containsExactlyElementsOf(freshCalls);
      assertThat(freshCalls).contains("AccountTokenStore.revoke", "AccountTokenStore.issue");
    }
    var notice = outbox.latestTo("owner@example.com").orElseThrow().message();
    assertThat(notice.purpose()).isEqualTo(MessagePurpose.SIGN_UP_ATTEMPT);
    assertThat(notice.content().reveal()).isEqualTo("https://app.example.com/");
  }

  @Test
  void aResentLinkReplacesTheOldOneAndLinksExpire() {
    emails.sendVerification("u-2", "two@example.com", CLIENT, null);
    String first = tokenTo("two@example.com", MessagePurpose.EMAIL_VERIFICATION_LINK,
        "verify-email");
    emails.sendVerification("u-2", "two@example.com", CLIENT, null);
    String second = tokenTo("two@example.com", MessagePurpose.EMAIL_VERIFICATION_LINK,
        "verify-email");
    assertThat(emails.verify(first, CLIENT))
        .isEqualTo(new EmailVerifyResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    f.clock.advance(Duration.ofHours(24));
    assertThat(emails.verify(second, CLIENT))
        .isEqualTo(new EmailVerifyResult.InvalidLink(LinkRejection.EXPIRED));
  }

  @Test
  void changeOfEmailNeedsARecentSignInConfirmsTheNewAddressAndCanBeUndone() {
    ValidatedSession s = f.session("u-3");
    f.clock.advance(Duration.ofMinutes(20));
    ValidatedSession stale = f.revalidate(s);
    assertThat(emails.requestChange(stale, "old@example.com", "new@example.com", CLIENT, null))
        .isEqualTo(new EmailChangeRequestResult.ReauthenticationRequired());
    assertThat(outbox.messages()).isEmpty();

    ValidatedSession recent = f.session("u-3");
    ValidatedSession other = f.session("u-3");
    assertThat(emails.requestChange(recent, "old@example.com", "OLD@example.com", CLIENT, null))
        .isEqualTo(new EmailChangeRequestResult.Refused(
            EmailChangeRequestResult.Reason.SAME_ADDRESS));
    assertThat(emails.requestChange(recent, "old@example.com", "nope", CLIENT, null))
        .isEqualTo(new EmailChangeRequestResult.Refused(
            EmailChangeRequestResult.Reason.INVALID_EMAIL));
    assertThat(emails.requestChange(recent, "old@example.com", "new@example.com", CLIENT, null))
        .isInstanceOf(EmailChangeRequestResult.Sent.class);
    String confirm = tokenTo("new@example.com", MessagePurpose.EMAIL_CHANGE_LINK, "confirm-email");
    assertThat(emails.pendingChange(confirm)).hasValueSatisfying(p -> {
      assertThat(p.oldEmail()).isEqualTo("old@example.com");
      assertThat(p.newEmail()).isEqualTo("new@example.com");
    });

    EmailChangeResult changed = emails.confirmChange(confirm, CLIENT, null);
    assertThat(changed).isInstanceOf(EmailChangeResult.Changed.class);
    EmailChangeResult.Changed c = (EmailChangeResult.Changed) changed;
    assertThat(c.accountId()).isEqualTo("u-3");
    assertThat(c.oldEmail()).isEqualTo("old@example.com");
    assertThat(c.newEmail()).isEqualTo("new@example.com");
    assertThat(c.undoExpiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(7)));
    assertThat(emails.confirmChange(confirm, CLIENT, null))
        .isEqualTo(new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN));

    String undo = tokenTo("old@example.com", MessagePurpose.EMAIL_CHANGED, "undo-email-change");
    f.clock.advance(Duration.ofDays(6));
    assertThat(emails.undoChange(undo, CLIENT))
        .isEqualTo(new EmailChangeResult.Undone("u-3", "old@example.com", "new@example.com", 3));
    assertThat(f.latchkey.sessions().list("u-3", null)).isEmpty();
    assertThat(emails.undoChange(undo, CLIENT))
        .isEqualTo(new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(f.events).extracting(e -> e.type()).contains(
        SecurityEventType.EMAIL_CHANGE_REQUESTED, SecurityEventType.EMAIL_CHANGED,
        SecurityEventType.EMAIL_CHANGE_UNDONE);
    assertThat(other.accountId()).isEqualTo("u-3");
  }

  @Test
  void undoRevokesResetLinksThatWentToTheRemovedAddress() {
    f.latchkey.signIn().setPassword("u-4", "Correct-horse-9");
    ValidatedSession s = f.session("u-4");
    emails.requestChange(s, "mine@example.com", "thief@example.com", CLIENT, null);
    emails.confirmChange(tokenTo("thief@example.com", MessagePurpose.EMAIL_CHANGE_LINK,
        "confirm-email"), CLIENT, null);
    f.latchkey.passwordResets().request("u-4", "thief@example.com", CLIENT, null);
    String reset = outbox.latestTo("thief@example.com").orElseThrow().message().content()
        .reveal();
    String resetToken = reset.substring(reset.indexOf("token=") + 6);
    emails.undoChange(tokenTo("mine@example.com", MessagePurpose.EMAIL_CHANGED,
        "undo-email-change"), CLIENT);
    assertThat(f.latchkey.passwordResets().complete(resetToken, "Battery-staple-42", null, null,
        CLIENT)).isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.INVALID_TOKEN));
  }

  @Test
  void anEnrollmentOnlySessionCannotChangeTheAddress() {
    ValidatedSession restricted = f.session("u-5", Assurance.ENROLLMENT_ONLY);
    assertThat(emails.requestChange(restricted, "a@example.com", "b@example.com", CLIENT, null))
        .isEqualTo(new EmailChangeRequestResult.Refused(
            EmailChangeRequestResult.Reason.SESSION_RESTRICTED));
  }

  /**
   * Someone with a session changes the owner's address twice (mine → thief → thief2). The owner's
   * undo link restores "mine"; the undo link of the second change (sent to the thief's first
   * address) must then be dead, or the thief would take the address straight back.
   */
  @Test
  void undoRevokesTheUndoLinksOfLaterChangesButNotTheOtherWayRound() {
    ValidatedSession s = f.session("u-6");
    emails.requestChange(s, "mine@example.com", "thief@example.com", CLIENT, null);
    emails.confirmChange(tokenTo("thief@example.com", MessagePurpose.EMAIL_CHANGE_LINK,
        "confirm-email"), CLIENT, null);
    String ownersUndo = tokenTo("mine@example.com", MessagePurpose.EMAIL_CHANGED,
        "undo-email-change");
    f.clock.advance(Duration.ofMinutes(1));
    emails.requestChange(f.session("u-6"), "thief@example.com", "thief2@example.com", CLIENT,
        null);
    emails.confirmChange(tokenTo("thief2@example.com", MessagePurpose.EMAIL_CHANGE_LINK,
        "confirm-email"), CLIENT, null);
    String thiefsUndo = tokenTo("thief@example.com", MessagePurpose.EMAIL_CHANGED,
        "undo-email-change");
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(emails.undoChange(ownersUndo, CLIENT)).isInstanceOfSatisfying(
        EmailChangeResult.Undone.class,
        u -> assertThat(u.restoredEmail()).isEqualTo("mine@example.com"));
    assertThat(emails.undoChange(thiefsUndo, CLIENT))
        .isEqualTo(new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN));
  }

  /** Using the later undo link first leaves the owner's earlier one working. */
  @Test
  void aLaterUndoLeavesTheEarlierUndoLinkWorking() {
    ValidatedSession s = f.session("u-7");
    emails.requestChange(s, "mine@example.com", "thief@example.com", CLIENT, null);
    emails.confirmChange(tokenTo("thief@example.com", MessagePurpose.EMAIL_CHANGE_LINK,
        "confirm-email"), CLIENT, null);
    String ownersUndo = tokenTo("mine@example.com", MessagePurpose.EMAIL_CHANGED,
        "undo-email-change");
    f.clock.advance(Duration.ofMinutes(1));
    emails.requestChange(f.session("u-7"), "thief@example.com", "thief2@example.com", CLIENT,
        null);
    emails.confirmChange(tokenTo("thief2@example.com", MessagePurpose.EMAIL_CHANGE_LINK,
        "confirm-email"), CLIENT, null);
    String thiefsUndo = tokenTo("thief@example.com", MessagePurpose.EMAIL_CHANGED,
        "undo-email-change");
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(emails.undoChange(thiefsUndo, CLIENT)).isInstanceOf(EmailChangeResult.Undone.class);
    assertThat(emails.undoChange(ownersUndo, CLIENT)).isInstanceOfSatisfying(
        EmailChangeResult.Undone.class,
        u -> assertThat(u.restoredEmail()).isEqualTo("mine@example.com"));
  }
}

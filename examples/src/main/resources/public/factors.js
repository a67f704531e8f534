// Latchkey demo page: one-time codes by SMS (and email) as a second factor.
//
// Loaded after app.js, whose helpers it uses ($, el, api, say, ask, formError, handleFailure…).
// The same rule as there: every string from the server reaches the page through textContent or an
// attribute, never through innerHTML.
//
// Two hooks: the two-factor card's loader also loads the SMS part below the authenticator app, and
// the sign-in's second step (the "latchkey:mfa-step" event of app.js) offers "Text me a code".
"use strict";

// --- Settings → Security → Two-factor authentication → SMS --------------------------------------

function smsBody(...children) {
  $("sms-body").replaceChildren(...children);
}

async function loadSms() {
  // An enrolment-only session (LATCHKEY_REQUIRE_2FA) sets up the authenticator app first.
  const restricted = Boolean(me && !me.fully_authenticated);
  $("sms-method").hidden = restricted;
  if (restricted) return;
  const status = await api("GET", "/api/security/2fa");
  const methods = status.methods || [];
  const sms = methods.find((m) => m.type === "sms");
  const app = methods.find((m) => m.type === "totp");
  if (!sms || !sms.allowed) {
    smsBody(el("span", { className: "muted" }, "Not available for your account: use an"
        + " authenticator app."));
    return;
  }
  if (sms.enabled) {
    smsBody(
        el("span", { className: "method-state" }, "On: codes are texted to ",
            el("strong", { className: "sms-destination" }, sms.destination)),
        el("button", { type: "button", className: "button button-danger", onclick: removeSms },
            "Turn off SMS"),
        app && !app.enabled ? el("p", { className: "muted method-note" }, "An authenticator app"
            + " is safer: a text message can be taken over with your phone number (SIM swap).")
            : null);
    return;
  }
  smsBody(
      el("span", { className: "method-state" }, "Off"),
      el("button", { type: "button", className: "button", id: "sms-setup", onclick: startSms },
          "Set up SMS"));
}

/** Step 1: the phone number. Step 2: the code sent to it. */
function startSms() {
  say("sms-status", null);
  const error = el("p", { className: "form-error", role: "alert", hidden: true });
  const phone = el("input", { type: "tel", name: "phone", autocomplete: "tel", maxlength: "64",
    required: true, placeholder: "+1 415 555 0123" });
  const form = el("form", { novalidate: true, id: "sms-phone-form" },
      el("label", null, "Mobile number (with its country code unless it is a US number)", phone),
      error,
      el("div", { className: "button-row" },
          el("button", { type: "submit", className: "button button-primary" }, "Send code"),
          el("button", { type: "button", className: "button",
            onclick: () => loadSms().catch((e) => handleFailure(e, "sms-status")) }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!phone.value.trim()) {
      showFieldError(error, "Enter your mobile number.", null, phone);
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const sent = await api("POST", "/api/security/2fa/sms/setup", { phone: phone.value });
      askSmsCode(phone.value, sent);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { handleFailure(e); return; }
      showFieldError(error, describeError(e), e, phone);
    } finally {
      button.disabled = false;
    }
  });
  smsBody(form);
  phone.focus();
}

function askSmsCode(typedPhone, sent) {
  const error = el("p", { className: "form-error", role: "alert", hidden: true });
  const code = el("input", { type: "text", name: "code", inputmode: "numeric",
    autocomplete: "one-time-code", maxlength: "10", required: true });
  const resend = el("button", { type: "button", className: "button" }, "Send again");
  resend.addEventListener("click", async () => {
    error.hidden = true;
    resend.disabled = true;
    try {
      await api("POST", "/api/security/2fa/sms/setup", { phone: typedPhone });
      say("sms-status", "A new code is on its way. The one before no longer works.");
    } catch (e) {
      showFieldError(error, describeError(e), e, code);
    } finally {
      resend.disabled = false;
    }
  });
  const form = el("form", { novalidate: true, id: "sms-code-form" },
      el("label", null, "Enter the 6-digit code we texted to " + sent.destination, code),
      error,
      el("div", { className: "button-row" },
          el("button", { type: "submit", className: "button button-primary" }, "Confirm"),
          resend,
          el("button", { type: "button", className: "button",
            onclick: () => loadSms().catch((e) => handleFailure(e, "sms-status")) }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!code.value.trim()) {
      showFieldError(error, "Enter the code from the text message.", null, code);
      return;
    }
    try {
      const result = await api("POST", "/api/security/2fa/sms/confirm", { code: code.value });
      await loadSms();
      showSessionsEnded("two-factor-sessions-ended", result);
      say("sms-status", "SMS is on. You'll get a code by text message when you sign in.");
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { handleFailure(e); return; }
      showFieldError(error, describeError(e), e, code);
    }
  });
  smsBody(form);
  code.focus();
}

function showFieldError(node, message, error, input) {
  showErrorText(node, message, error);
  node.hidden = false;
  if (input) input.focus();
}

async function removeSms() {
  say("sms-status", null);
  const { result, refused } = await askToRemove({
    title: "Turn off SMS codes?",
    text: "You will no longer get sign-in codes by text message. Other devices are signed out.",
    confirm: "Turn off",
  }, "/api/security/2fa/sms", ["not_enrolled"]);
  if (refused) {
    say("sms-status", describeError(refused), true, refused);
  } else if (!result) {
    return;
  } else {
    showSessionsEnded("two-factor-sessions-ended", result);
    say("sms-status", "SMS is off.");
  }
  await loadSms().catch((e) => handleFailure(e, "sms-status"));
}

// The two-factor card loads both methods.
{
  const loadAuthenticatorApp = SECTIONS.twoFactor.load;
  SECTIONS.twoFactor.load = () => Promise.all([loadAuthenticatorApp(), loadSms()]);
}

// --- Sign-in, second step: "Text me a code" -----------------------------------------------------

const SEND_BUTTONS = { sms: "mfa-send-sms", email: "mfa-send-email" };

document.addEventListener("latchkey:mfa-step", (event) => {
  const { factors, codeDestinations } = event.detail;
  const form = $("mfa-form");
  form.elements.channel.value = "";
  for (const [channel, id] of Object.entries(SEND_BUTTONS)) {
    const button = $(id);
    button.hidden = !factors.includes(channel);
    button.textContent = channel === "sms" ? "Text me a code" : "Email me a code";
    button.dataset.destination = codeDestinations[channel] || "";
  }
  if (!factors.includes("totp") && (factors.includes("sms") || factors.includes("email"))) {
    $("mfa-hint").textContent = "Ask for a code"
        + (factors.includes("sms") ? " by text message" : " by email")
        + ", then enter it here. A backup code works too.";
  }
});

async function sendSignInCode(channel) {
  const form = $("mfa-form");
  const button = $(SEND_BUTTONS[channel]);
  formError(form, null);
  button.disabled = true;
  try {
    const sent = await api("POST", "/api/login/mfa/send", { mfa_token: mfaToken, channel });
    // From now on the code typed here is checked as the one just sent (a backup code still works).
    form.elements.channel.value = channel;
    $("mfa-hint").textContent = "We sent a code to " + sent.destination + ". Enter it here; it"
        + " works for 10 minutes. A backup code works too.";
    button.textContent = "Send again";
    form.elements.code.closest("label").hidden = false;
    form.querySelector("button[type=submit]").hidden = false;
    form.elements.code.focus();
  } catch (error) {
    mfaFailure(form, error);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const channel of Object.keys(SEND_BUTTONS)) {
    $(SEND_BUTTONS[channel]).addEventListener("click", () => sendSignInCode(channel));
  }
});

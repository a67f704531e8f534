// Latchkey demo: password reset, email verification and change of email. Vanilla JS.
//
// Two places use this file. On the pages a link in an email opens (/forgot-password,
// /reset-password, /verify-email, /confirm-email, /undo-email-change: <body data-page="…">) it is
// the only script. On the main page (after app.js) it adds "check your email" after a sign-up and
// the "Email address" card of Settings → Security (app.js calls showCheckEmail and loadEmail).
// As in app.js, text from the server reaches the page through textContent only.
"use strict";

/** POSTs JSON; resolves to the body (null for 204), rejects with {status, code, message, violations}. */
async function recoveryPost(path, body) {
  let response;
  try {
    response = await fetch(path, { method: "POST", credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body) });
  } catch (e) {
    throw { status: 0, code: "network_error", message: "Could not reach the server." };
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    throw { status: response.status, code: error.code || "http_" + response.status,
      message: error.message || "Something went wrong.", violations: error.violations || [] };
  }
  return data;
}

/** The token of the link this page was opened with. */
function linkToken() {
  return new URLSearchParams(window.location.search).get("token") || "";
}

/** Shows a message in the page's status slot (an error in the form's error slot). */
function pageSay(message, isError) {
  const slot = document.getElementById("page-status");
  slot.replaceChildren();
  slot.classList.toggle("status-error", Boolean(isError));
  if (message) {
    const p = document.createElement("p");
    p.className = "status-text";
    p.textContent = message;
    slot.append(p);
  }
}

function pageFormError(form, message, violations) {
  const slot = form.querySelector(".form-error");
  slot.replaceChildren();
  if (violations && violations.length > 0) {
    const intro = document.createElement("span");
    intro.textContent = "Choose a stronger password: ";
    slot.append(intro);
    for (const v of violations) {
      const item = document.createElement("span");
      item.textContent = v.message + " ";
      slot.append(item);
    }
  } else {
    slot.textContent = message || "";
  }
  slot.hidden = !message && !(violations && violations.length > 0);
}

/** Wires one page's form: collect the body, post it, show the outcome. */
function wirePage(form, path, body, done) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    pageFormError(form, null);
    button.disabled = true;
    try {
      done(await recoveryPost(path, body(form)), form);
    } catch (error) {
      if (error.code === "second_factor_required") {
        document.getElementById("field-code").hidden = false;
        form.elements.code.focus();
      }
      pageFormError(form, error.message, error.violations);
    } finally {
      button.disabled = false;
    }
  });
}

/** Replaces the form by a sentence: the link did its work. */
function finished(form, message) {
  form.hidden = true;
  pageSay(message, false);
}

const PAGES = {
  forgot() {
    wirePage(document.getElementById("forgot-form"), "/api/password/forgot",
        (form) => ({ email: form.elements.email.value }),
        (result, form) => finished(form, "Check your email. If an account uses this address, we"
            + " sent it a link to choose a new password. The link works once, for 30 minutes."));
  },
  reset() {
    const token = linkToken();
    const form = document.getElementById("reset-form");
    // The channel of a code sent by "Text me a code": said with the code, never guessed from it.
    let codeChannel = null;
    const sendSlot = document.getElementById("code-send");
    for (const button of sendSlot.querySelectorAll("button[data-channel]")) {
      button.addEventListener("click", async () => {
        pageFormError(form, null);
        button.disabled = true;
        try {
          const sent = await recoveryPost("/api/password/reset/send-code",
              { token, channel: button.dataset.channel });
          codeChannel = sent.channel;
          document.getElementById("field-code").hidden = false;
          pageSay("We sent a code to " + sent.destination + ". Enter it below; it works for 10"
              + " minutes.", false);
          form.elements.code.value = "";
          form.elements.code.focus();
        } catch (error) {
          pageFormError(form, error.message, null);
        } finally {
          button.disabled = false;
        }
      });
    }
    recoveryPost("/api/password/reset/inspect", { token }).then((link) => {
      if (link.second_factor_required) document.getElementById("field-code").hidden = false;
      for (const channel of link.code_channels || []) {
        const button = sendSlot.querySelector("button[data-channel=" + channel + "]");
        if (button) {
          button.hidden = false;
          sendSlot.hidden = false;
        }
      }
    }).catch((error) => {
      form.hidden = true;
      pageSay(error.message, true);
    });
    wirePage(form, "/api/password/reset", (f) => ({ token, new_password:
        f.elements.new_password.value, code: f.elements.code.value || null,
        channel: codeChannel }),
        (result, f) => finished(f, "Your password was changed and you were signed out on every"
            + " device. Sign in with your new password."));
  },
  verify() {
    wirePage(document.getElementById("link-form"), "/api/email/verify",
        () => ({ token: linkToken() }),
        (result, form) => finished(form, "Your email address " + result.email
            + " is verified. You can sign in now."));
  },
  confirm() {
    wirePage(document.getElementById("link-form"), "/api/email/confirm",
        () => ({ token: linkToken() }),
        (result, form) => finished(form, "Your email address is now " + result.email
            + ". We told your old address, with a way to undo it."));
  },
  undo() {
    wirePage(document.getElementById("link-form"), "/api/email/undo",
        () => ({ token: linkToken() }),
        (result, form) => finished(form, "Your email address is " + result.email
            + " again, and every device was signed out. If someone else may know your password,"
            + " reset it now."));
  },
};

// ---- the main page (app.js is loaded first) ---------------------------------------------------

/** After a sign-up with email verification: the same sentence whether or not the address was new. */
function showCheckEmail(email) {
  say("auth-status", "Check your email: we sent a message to " + email + ". Open the link in it"
      + " to finish creating your account, then sign in.");
}

/** The "Email address" card: the current address and a form to change it. */
async function loadEmail() {
  const body = $("email-body");
  if (!body || !me) return;
  const input = el("input", { type: "email", name: "new_email", autocomplete: "email",
    required: true, maxlength: "320" });
  const form = el("form", { id: "email-form", className: "inline-form", novalidate: true },
      el("label", null, "New email address", input),
      el("button", { type: "submit", className: "button button-primary" }, "Change email"),
      el("p", { className: "form-error", role: "alert", hidden: true }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    formError(form, null);
    button.disabled = true;
    try {
      const result = await api("POST", "/api/security/email", { new_email: input.value });
      form.reset();
      say("email-status", "Check " + result.masked_email + ": open the link we sent there to"
          + " confirm the change. Until then your address stays " + me.email + ".");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) handleFailure(error, "email-status");
      else formError(form, describeError(error), null, error);
    } finally {
      button.disabled = false;
    }
  });
  body.replaceChildren(el("p", null, "Your email address is ", el("strong", null, me.email), "."),
      form);
}

// The login history's words for this file's events (EVENT_LABELS is app.js's; absent on the pages).
if (typeof EVENT_LABELS === "object") {
  Object.assign(EVENT_LABELS, {
    "email.verified": "Email address verified",
    "email.change_requested": "Email change requested (confirmation sent to the new address)",
    "email.changed": "Email address changed",
    "email.change_undone": "Email change undone from the old address",
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const page = PAGES[document.body.dataset.page];
  if (page) page();
});

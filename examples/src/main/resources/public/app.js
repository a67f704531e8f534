// Latchkey demo page. Vanilla JS, no build step.
//
// Rule for this file: every string that came from the server (device names, locations, emails,
// error messages) reaches the page through textContent or an attribute, never through innerHTML,
// so a hostile User-Agent shown in the session list cannot inject markup.
"use strict";

// ---------------------------------------------------------------------------------------------
// API client
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message, requestId, violations, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    // For weak_password: [{code, message, params}], one per reason the policy refused it.
    this.violations = Array.isArray(violations) ? violations : [];
    // For 429: the seconds of the Retry-After header, so the page can count down.
    this.retryAfter = Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : null;
  }
}

/**
 * Calls the JSON API. A sensitive action that answers 403 reauthentication_required (this session
 * signed in too long ago) opens the "Confirm it's you" dialog; once the password or code is
 * accepted, the same request is sent once more. Cancelling the dialog fails the call with
 * reauthentication_cancelled, and nothing was changed.
 */
async function api(method, path, body) {
  try {
    return await request(method, path, body);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "reauthentication_required")) throw error;
    if (!(await reauthenticate())) {
      throw new ApiError(error.status, "reauthentication_cancelled",
          "Not confirmed, so nothing was changed.", error.requestId);
    }
    return await request(method, path, body);
  }
}

/**
 * One HTTP round trip. State-changing requests always send Content-Type: application/json: the
 * server refuses them otherwise (a CSRF defence, see ApiFilters.java).
 */
async function request(method, path, body) {
  const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET") {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body === undefined ? {} : body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection.", null);
  }
  const requestId = response.headers.get("X-Request-Id");
  if (response.status === 204) {
    return null;
  }
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    throw new ApiError(response.status, error.code || "http_" + response.status,
        error.message || "Something went wrong.", error.request_id || requestId, error.violations,
        Number.parseInt(response.headers.get("Retry-After"), 10));
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers
// ---------------------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** Creates an element; string children become text nodes (never parsed as HTML). */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "className") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The ticking lockout countdowns, by the id of the element they write into. */
const countdowns = new Map();

/** "45 seconds", "2 minutes 5 seconds". */
function formatWait(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const part = (n, unit) => n + " " + unit + (n === 1 ? "" : "s");
  if (minutes === 0) return part(rest, "second");
  return rest === 0 ? part(minutes, "minute") : part(minutes, "minute") + " " + part(rest, "second");
}

/**
 * Writes an error's message into node; for a 429 with Retry-After, a countdown that ticks every
 * second until the user may try again.
 */
function showErrorText(node, message, error) {
  clearInterval(countdowns.get(node));
  countdowns.delete(node);
  const retryAfter = error instanceof ApiError && error.code === "too_many_attempts"
      ? error.retryAfter : null;
  if (!retryAfter) {
    node.textContent = message;
    return;
  }
  const until = Date.now() + retryAfter * 1000;
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      node.textContent = "You can try again now.";
      clearInterval(countdowns.get(node));
      countdowns.delete(node);
    } else {
      node.textContent = "Too many attempts. Try again in " + formatWait(left) + ".";
    }
  };
  tick();
  countdowns.set(node, setInterval(tick, 1000));
}

/**
 * Shows the outcome of an action in the status slot next to it (each card has one; "notice", at
 * the bottom of the viewport, is for the rest), and scrolls it into view. A success stays until the
 * next outcome there; an error stays until dismissed and takes the focus, so keyboard and
 * screen-reader users land on it. The slots are aria-live regions.
 */
function say(slotId, message, isError, error) {
  const slot = $(slotId) || $("notice");
  for (const node of slot.querySelectorAll(".status-text")) {
    clearInterval(countdowns.get(node));
    countdowns.delete(node);
  }
  slot.setAttribute("aria-live", isError ? "assertive" : "polite");
  slot.classList.toggle("status-error", Boolean(isError));
  if (!message) {
    slot.replaceChildren();
    return;
  }
  const text = el("p", { className: "status-text", tabindex: "-1" });
  showErrorText(text, message, error);
  slot.replaceChildren(text);
  if (isError) {
    slot.append(el("button", { type: "button", className: "link-button",
      onclick: () => say(slotId, null) }, "Dismiss"));
  }
  slot.scrollIntoView({ block: "nearest" });
  if (isError) text.focus({ preventScroll: true });
}

/** Empties every status slot (signing out, signing in). */
function clearStatuses() {
  for (const slot of document.querySelectorAll(".status-slot")) {
    say(slot.id, null);
  }
}

function describeError(error) {
  if (error instanceof ApiError && error.requestId && error.status >= 500) {
    return error.message + " (request id " + error.requestId + ")";
  }
  return error.message;
}

// ---------------------------------------------------------------------------------------------
// "Confirm it's you" and "other sessions were signed out"
// ---------------------------------------------------------------------------------------------

/** The dialog in progress, so actions that need it at the same time share one. */
let reauthPending = null;

/** Asks for the password or a code; resolves true once the server accepted it. */
function reauthenticate() {
  if (!reauthPending) {
    reauthPending = openReauthDialog().finally(() => { reauthPending = null; });
  }
  return reauthPending;
}

function openReauthDialog() {
  const dialog = $("reauth-dialog");
  const form = $("reauth-form");
  // An account without a password (provider sign-up) can only confirm with a code.
  let useCode = Boolean(me && !me.has_password);
  const show = () => {
    $("reauth-password-field").hidden = useCode;
    $("reauth-code-field").hidden = !useCode;
    $("reauth-toggle").hidden = Boolean(me && !me.has_password);
    $("reauth-toggle").textContent = useCode ? "Use your password instead" : "Use a code instead";
    $("reauth-intro").textContent = "This is a sensitive change and you signed in a while ago. "
        + (useCode ? "Enter a code from your authenticator app, or a backup code, to continue."
            : "Enter your password to continue.");
    (useCode ? form.elements.code : form.elements.password).focus();
  };
  form.reset();
  formError(form, null);
  return new Promise((resolve) => {
    let done = false;
    const finish = (confirmed) => {
      if (done) return;
      done = true;
      form.onsubmit = null;
      dialog.oncancel = null;
      dialog.onclose = null;
      $("reauth-cancel").onclick = null;
      $("reauth-toggle").onclick = null;
      $("reauth-passkey").onclick = null;
      form.reset(); // never keep a password or code around
      if (dialog.open) dialog.close();
      resolve(confirmed);
    };
    // A 401: the session is gone, so the sign-in page says why; anything else, the dialog does.
    const refused = (error) => {
      if (error instanceof ApiError && error.status === 401) {
        finish(false);
        handleFailure(error);
      } else {
        formError(form, describeError(error), null, error);
      }
    };
    $("reauth-toggle").onclick = () => { useCode = !useCode; formError(form, null); show(); };
    // An account with a passkey may confirm with it instead of typing anything.
    $("reauth-passkey").hidden = !(me && me.has_passkey && passkeysSupported());
    $("reauth-passkey").onclick = async () => {
      formError(form, null);
      try {
        const { options } = await request("POST", "/api/security/reauthenticate/passkey/options");
        const credential = await getPasskey(options, form);
        if (!credential) return;
        await request("POST", "/api/security/reauthenticate/passkey",
            { credential: credentialJson(credential) });
        finish(true);
      } catch (error) {
        refused(error);
      }
    };
    $("reauth-cancel").onclick = () => finish(false);
    dialog.oncancel = (event) => { event.preventDefault(); finish(false); }; // Esc
    dialog.onclose = () => finish(false); // closed from elsewhere (signed out meanwhile)
    form.onsubmit = async (event) => {
      event.preventDefault();
      formError(form, null);
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        await request("POST", "/api/security/reauthenticate", useCode
            ? { code: form.elements.code.value } : { password: form.elements.password.value });
        finish(true);
      } catch (error) {
        refused(error);
      } finally {
        button.disabled = false;
      }
    };
    dialog.showModal();
    show();
  });
}

/**
 * Asks before an action, in the #ask-dialog: a sentence, and a code field or choices when the
 * action needs them. submit(values) performs the action with {code, choice}; its answer resolves
 * the returned promise and closes the dialog. When the server refuses (a wrong code, a 429), the
 * dialog stays open with the reason, so the user can try again. Resolves null when cancelled.
 */
function ask(options) {
  const dialog = $("ask-dialog");
  const form = $("ask-form");
  const opener = document.activeElement;
  form.reset();
  formError(form, null);
  $("ask-title").textContent = options.title;
  $("ask-text").textContent = options.text;
  const confirmButton = $("ask-confirm");
  confirmButton.textContent = options.confirm || "Confirm";
  confirmButton.className = "button " + (options.danger ? "button-danger-solid" : "button-primary");
  $("ask-code-field").hidden = !options.code;
  if (options.code) {
    $("ask-code-label").textContent = options.code.label;
    // The field asks for a code unless the question says otherwise (a passkey's new name).
    form.elements.code.autocomplete = options.code.autocomplete || "one-time-code";
    form.elements.code.value = options.code.value || "";
  }
  $("ask-choices").hidden = !options.choices;
  const list = $("ask-choice-list");
  list.replaceChildren();
  if (options.choices) {
    $("ask-choices-legend").textContent = options.choices.legend;
    for (const choice of options.choices.options) {
      list.append(el("label", { className: "choice" },
          el("input", { type: "radio", name: "choice", value: choice.value,
            checked: choice.value === options.choices.value }), choice.label));
    }
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      form.onsubmit = null;
      dialog.oncancel = null;
      dialog.onclose = null;
      $("ask-cancel").onclick = null;
      form.reset(); // never keep a code around
      if (dialog.open) dialog.close();
      // Back where the user was, unless that control is gone (a revoked row was re-rendered).
      if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
      resolve(value);
    };
    $("ask-cancel").onclick = () => finish(null);
    dialog.oncancel = (event) => { event.preventDefault(); finish(null); }; // Esc
    dialog.onclose = () => finish(null);
    form.onsubmit = async (event) => {
      event.preventDefault();
      formError(form, null);
      const code = form.elements.code.value.trim();
      if (options.code && !code) {
        formError(form, options.code.missing || "Enter a code.");
        form.elements.code.focus();
        return;
      }
      const checked = form.querySelector("input[name=choice]:checked");
      confirmButton.disabled = true;
      try {
        const answer = await options.submit({ code, choice: checked ? checked.value : null });
        finish(answer === null || answer === undefined ? true : answer);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          finish(null);
          handleFailure(error);
        } else if (error instanceof ApiError && error.code === "reauthentication_cancelled") {
          finish(null);
        } else {
          formError(form, describeError(error), null, error);
          if (options.code) form.elements.code.select();
        }
      } finally {
        confirmButton.disabled = false;
      }
    };
    dialog.showModal();
    (options.code ? form.elements.code
        : list.querySelector("input:checked") || confirmButton).focus();
    if (options.code && options.code.value) form.elements.code.select();
  });
}

/**
 * Asks before removing a way to sign in (a passkey, a connected account), then sends DELETE path.
 * A refusal whose code is in refusals is not something a retry in the dialog can fix: the dialog
 * closes and the refusal comes back as {refused}, to be said next to the list.
 */
async function askToRemove(question, path, refusals) {
  let refused = null;
  const result = await ask({ ...question, danger: true,
    submit: () => api("DELETE", path).catch((error) => {
      if (error instanceof ApiError && refusals.includes(error.code)) {
        refused = error;
        return false;
      }
      throw error;
    }) });
  return { result, refused };
}

/**
 * A change of factor (2FA on or off, new backup codes, a password, a connected account) signs the
 * account out everywhere else: say so next to the change, from the answer's other_sessions_ended,
 * and refresh the session list. The server has already replaced this browser's cookie.
 */
function showSessionsEnded(noteId, result) {
  const n = result && Number.isInteger(result.other_sessions_ended) ? result.other_sessions_ended : 0;
  const note = $(noteId);
  note.textContent = n === 0 ? "" : n === 1
      ? "1 other session was signed out. Only this device is still signed in."
      : n + " other sessions were signed out. Only this device is still signed in.";
  note.hidden = n === 0;
  if (n > 0) loadSessions().catch(handleFailure);
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "just now", "5 minutes ago", "yesterday"… */
function timeAgo(iso) {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const steps = [[60, "second"], [60, "minute"], [24, "hour"], [7, "day"], [4.35, "week"],
    [12, "month"], [Infinity, "year"]];
  if (Math.abs(seconds) < 45) return "just now";
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return absolute.format(new Date(iso));
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/** Why the page shows the sign-in form, in words, for each 401 code. */
const SIGNED_OUT_REASONS = {
  session_revoked: "You were signed out because this session was revoked.",
  session_expired: "Your session expired. Sign in again to continue.",
};

/**
 * Back to the sign-in page, scrolled to the top, with the reason (an error, for a 401) or a message
 * (after signing out) above the forms; the focus goes to the reason or the "Sign in" heading, never
 * back to <body>.
 */
function showSignedOut(reasonCode, message) {
  hideMfaStep();
  clearStatuses();
  $("api-key-created").hidden = true;
  $("api-key-created").replaceChildren(); // a key shown once must not linger for the next user
  $("two-factor-body").replaceChildren(); // nor backup codes
  for (const note of document.querySelectorAll(".sessions-ended")) {
    note.textContent = "";
    note.hidden = true;
  }
  if ($("reauth-dialog").open) $("reauth-dialog").close();
  $("signed-in").hidden = true;
  $("account").hidden = true;
  $("signed-out").hidden = false;
  startConditionalPasskey();
  window.scrollTo(0, 0);
  const reason = SIGNED_OUT_REASONS[reasonCode];
  if (reason) {
    say("auth-status", reason, true);
  } else {
    if (message) say("auth-status", message);
    $("sign-in-title").focus();
  }
}

/** The signed-in account as GET /api/me describes it. */
let me = null;

async function showSignedIn(account) {
  const wasSignedOut = $("signed-in").hidden;
  await stopConditionalPasskey();
  me = account;
  $("account-email").textContent = me.email;
  $("account").hidden = false;
  $("signed-out").hidden = true;
  $("signed-in").hidden = false;
  // An enrolment-only session (the server requires 2FA) may only set up two-factor authentication.
  const restricted = !me.fully_authenticated;
  $("enrollment-banner").hidden = !restricted;
  for (const section of document.querySelectorAll("section[data-section]")) {
    section.hidden = restricted && section.dataset.section !== "twoFactor";
  }
  buildNav();
  if (wasSignedOut) {
    // Arriving from the sign-in page (on a phone, often scrolled down to the provider form).
    say("auth-status", null);
    window.scrollTo(0, 0);
  }
  await loadSections();
}

/**
 * A failed call, shown in the status slot slotId (next to the action). Any 401 means the session
 * is gone: back to the sign-in form, which says why.
 */
function handleFailure(error, slotId) {
  if (error instanceof ApiError && error.status === 401) {
    showSignedOut(error.code);
  } else if (error instanceof ApiError && error.code === "two_factor_enrollment_required") {
    api("GET", "/api/me").then(showSignedIn).catch(() => showSignedOut());
    say("two-factor-status", describeError(error), true);
  } else {
    say(slotId || "notice", describeError(error), true, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Settings sections. Each entry renders one <section data-section="…"> of index.html.
// Later capabilities add an entry here and a section there.
// ---------------------------------------------------------------------------------------------

const SECTIONS = {
  twoFactor: { title: "Two-factor authentication", load: loadTwoFactor },
  password: { title: "Password", load: loadPassword },
  email: { title: "Email address", load: () => loadEmail() }, // in recovery.js
  passkeys: { title: "Passkeys", load: loadPasskeys },
  connectedAccounts: { title: "Connected accounts", load: loadConnectedAccounts },
  apiKeys: { title: "API keys", load: loadApiKeys },
  sessions: { title: "Active sessions", load: loadSessions },
  loginHistory: { title: "Login history", load: () => loadLoginHistory(false) },
};

function buildNav() {
  const nav = $("section-nav");
  nav.replaceChildren();
  for (const section of document.querySelectorAll("section[data-section]")) {
    const entry = SECTIONS[section.dataset.section];
    if (!entry || section.hidden) continue;
    nav.append(el("li", null, el("a", { href: "#" + section.id }, entry.title)));
  }
}

async function loadSections() {
  const loads = [];
  for (const section of document.querySelectorAll("section[data-section]")) {
    const entry = SECTIONS[section.dataset.section];
    if (entry && !section.hidden) loads.push(entry.load());
  }
  try {
    await Promise.all(loads);
  } catch (error) {
    handleFailure(error);
  }
}

// --- Two-factor authentication ---------------------------------------------------------------

/** Renders the two-factor card into its body. */
function twoFactorBody(...children) {
  $("two-factor-body").replaceChildren(...children);
}

async function loadTwoFactor() {
  const status = await api("GET", "/api/security/2fa");
  if (!status.enabled) {
    twoFactorBody(
        el("p", null, "Two-factor authentication is ", el("strong", null, "off"), "."),
        el("div", { className: "button-row" },
            el("button", { type: "button", className: "button button-primary", onclick: startSetup },
                "Enable 2FA")));
    return;
  }
  const remaining = status.backup_codes_remaining;
  twoFactorBody(
      el("p", null, "Two-factor authentication is ", el("strong", null, "on"),
          ". You'll be asked for a code from your authenticator app when you sign in."),
      el("p", { className: status.backup_codes_low ? "warning" : "muted" },
          remaining === 1 ? "1 backup code left." : remaining + " backup codes left.",
          status.backup_codes_low ? " Generate new codes so you don't get locked out." : null),
      el("div", { className: "button-row" },
          el("button", { type: "button", className: "button", onclick: regenerateCodes },
              "Regenerate backup codes"),
          el("button", { type: "button", className: "button button-danger", onclick: disableTwoFactor },
              "Disable 2FA")));
}

async function startSetup() {
  let setup;
  say("two-factor-status", null);
  try {
    setup = await api("POST", "/api/security/2fa/setup");
  } catch (error) {
    handleFailure(error, "two-factor-status");
    await loadTwoFactor().catch((e) => handleFailure(e, "two-factor-status"));
    return;
  }
  const error = el("p", { className: "form-error", role: "alert", hidden: true });
  const input = el("input", { type: "text", name: "code", inputmode: "numeric",
    autocomplete: "one-time-code", maxlength: "10", required: true });
  const form = el("form", { novalidate: true },
      el("label", null, "Enter the 6-digit code from your authenticator app", input),
      error,
      el("div", { className: "button-row" },
          el("button", { type: "submit", className: "button button-primary" }, "Confirm"),
          el("button", { type: "button", className: "button",
            onclick: () => loadTwoFactor().catch(handleFailure) }, "Cancel")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!input.value.trim()) {
      error.textContent = "Enter the 6-digit code your authenticator app shows.";
      error.hidden = false;
      input.focus();
      return;
    }
    try {
      const result = await api("POST", "/api/security/2fa/confirm", { code: input.value });
      if (me && !me.fully_authenticated) {
        // The server upgraded this session to a full one: unlock the rest of the page.
        await showSignedIn(await api("GET", "/api/me"));
      }
      showBackupCodes(result, "Two-factor authentication is on. Save your backup codes now.");
      showSessionsEnded("two-factor-sessions-ended", result);
      say("two-factor-status", "Two-factor authentication is on.");
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { handleFailure(e); return; }
      showErrorText(error, describeError(e), e);
      error.hidden = false;
      input.focus();
      if (e instanceof ApiError && e.code === "no_pending_enrollment") {
        await loadTwoFactor().catch(handleFailure);
      }
    }
  });
  twoFactorBody(
      el("ol", { className: "setup-steps" },
          el("li", null, "Open your authenticator app and scan this QR code."),
          el("li", null, "Can't scan it? Enter the setup key below in the app instead."),
          el("li", null, "Type the 6-digit code the app now shows, and confirm.")),
      // The QR code is a data: URI set as an attribute, never parsed as markup.
      el("img", { className: "qr", src: setup.qr_png, alt: "QR code for your authenticator app",
        width: "200", height: "200" }),
      el("p", null, "Setup key: ", el("span", { className: "secret" }, setup.secret)),
      form);
  input.focus();
}

/** Shows codes once, with Copy and Download, then a button back to the normal state. */
function showBackupCodes(result, heading) {
  const codes = result.backup_codes;
  const copy = el("button", { type: "button", className: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      copy.textContent = "Copied";
    } catch (e) {
      say("two-factor-status", "Could not copy. Select the codes and copy them by hand.", true);
    }
  });
  const download = el("button", { type: "button", className: "button" }, "Download (.txt)");
  download.addEventListener("click", () => {
    // Saved from the codes already on screen: no second request, nothing cached server-side.
    const text = result.text;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = el("a", { href: url, download: "latchkey-backup-codes.txt" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  twoFactorBody(
      el("div", { className: "secret-box" },
          el("p", null, el("strong", null, heading)),
          el("p", { className: "warning" }, "These codes are shown only once. Each works one time, "
              + "in place of a code from your authenticator app. Store them in a password manager."),
          el("ol", { className: "code-list" }, ...codes.map((c) => el("li", null, c))),
          el("div", { className: "button-row" }, copy, download,
              el("button", { type: "button", className: "button button-primary",
                onclick: () => loadTwoFactor().catch(handleFailure) }, "I've saved them"))));
}

async function regenerateCodes() {
  say("two-factor-status", null);
  const result = await ask({
    title: "Generate new backup codes?",
    text: "Your current backup codes stop working at once, and you get 10 new ones to save.",
    code: { label: "Current 6-digit code from your authenticator app" },
    confirm: "Generate new codes",
    submit: ({ code }) => api("POST", "/api/security/2fa/backup-codes", { code }),
  });
  if (!result) return;
  showBackupCodes(result, "New backup codes. The old ones no longer work.");
  showSessionsEnded("two-factor-sessions-ended", result);
  say("two-factor-status", "New backup codes generated. Save them now: they are shown only once.");
}

async function disableTwoFactor() {
  say("two-factor-status", null);
  const result = await ask({
    title: "Turn off two-factor authentication?",
    text: "Your account will be protected by your password alone, and your backup codes stop "
        + "working. Other devices are signed out.",
    code: { label: "Code from your authenticator app, or a backup code" },
    confirm: "Turn off",
    danger: true,
    submit: ({ code }) => api("POST", "/api/security/2fa/disable", { code }),
  });
  if (!result) return;
  showSessionsEnded("two-factor-sessions-ended", result);
  await loadTwoFactor().catch((e) => handleFailure(e, "two-factor-status"));
  say("two-factor-status", "Two-factor authentication is off.");
}

// --- Passkeys (WebAuthn) ----------------------------------------------------------------------

// The server sends WebAuthn options as JSON with every binary value in base64url, and takes the
// browser's credential.toJSON() back as it is. Browsers with PublicKeyCredential.parse…FromJSON
// and toJSON need nothing more; for older ones, the few binary fields are converted here.

function fromBase64url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function toBase64url(buffer) {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const withBinaryIds = (list) => (list || []).map((c) => ({ ...c, id: fromBase64url(c.id) }));

/** PublicKeyCredentialCreationOptions from the server's JSON. */
function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function") {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return { ...json, challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: withBinaryIds(json.excludeCredentials) };
}

/** PublicKeyCredentialRequestOptions from the server's JSON. */
function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function") {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return { ...json, challenge: fromBase64url(json.challenge),
    allowCredentials: withBinaryIds(json.allowCredentials) };
}

/** The credential as JSON, as the server verifies it. */
function credentialJson(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject);
    response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
  } else {
    response.authenticatorData = toBase64url(r.authenticatorData);
    response.signature = toBase64url(r.signature);
    if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
  }
  return { id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(), response };
}

function passkeysSupported() {
  return typeof window.PublicKeyCredential === "function" && Boolean(navigator.credentials);
}

/**
 * The browser's own refusals in words. NotAllowedError covers both "the person cancelled" and
 * "timed out", and on purpose says nothing more (a page may not learn which passkeys exist).
 */
function passkeyBrowserError(error, creating) {
  if (error && error.name === "InvalidStateError" && creating) {
    return "This device already holds a passkey for your account.";
  }
  if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
    return "The passkey request was cancelled or timed out.";
  }
  if (error && error.name === "SecurityError") {
    return "Passkeys don't work on this address. Open the demo at the address it is configured for.";
  }
  return "Your browser could not use a passkey" + (error && error.message ? ": " + error.message : ".");
}

/** Asks the browser for an assertion; null when the person cancelled (reason shown in form). */
async function getPasskey(options, form, extra) {
  try {
    return await navigator.credentials.get({ publicKey: requestOptions(options), ...(extra || {}) });
  } catch (error) {
    if (form) formError(form, passkeyBrowserError(error, false));
    return null;
  }
}

async function loadPasskeys() {
  const passkeys = await api("GET", "/api/security/passkeys");
  const list = $("passkey-list");
  list.replaceChildren();
  if (passkeys.length === 0) {
    list.append(el("li", { className: "empty" }, "No passkeys yet."));
  }
  const when = (iso) => el("time", { datetime: iso, title: absolute.format(new Date(iso)) },
      timeAgo(iso));
  for (const p of passkeys) {
    list.append(el("li", { className: "session" },
        el("div", null,
            el("div", { className: "session-device" }, p.name,
                p.synced ? el("span", { className: "badge" }, "synced") : null),
            el("div", { className: "session-meta" }, "Added ", when(p.created_at), " · ",
                p.last_used_at ? el("span", null, "last used ", when(p.last_used_at))
                    : "never used")),
        el("div", { className: "button-row" },
            el("button", { type: "button", className: "button", "aria-label": "Rename passkey " + p.name,
              onclick: () => renamePasskey(p) }, "Rename"),
            el("button", { type: "button", className: "button button-danger",
              "aria-label": "Remove passkey " + p.name, onclick: () => removePasskey(p) }, "Remove"))));
  }
  if (me) me.has_passkey = passkeys.length > 0;
}

async function addPasskey(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const name = form.elements.name.value.trim();
  formError(form, null);
  say("passkeys-status", null);
  if (!name) {
    formError(form, "Name the passkey, e.g. after the device or password manager that keeps it.");
    form.elements.name.focus();
    return;
  }
  if (!passkeysSupported()) {
    formError(form, "This browser does not support passkeys.");
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    // Adding a way in is sensitive: a 403 opens "Confirm it's you" first (api() does it).
    const { options } = await api("POST", "/api/security/passkeys/options");
    let credential;
    try {
      credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
    } catch (error) {
      formError(form, passkeyBrowserError(error, true));
      return;
    }
    const result = await api("POST", "/api/security/passkeys",
        { name, credential: credentialJson(credential) });
    form.reset();
    showSessionsEnded("passkeys-sessions-ended", result);
    await loadPasskeys();
    say("passkeys-status", "Passkey “" + result.passkey.name + "” added. You can now sign in with"
        + " it, without your password.");
  } catch (error) {
    if (error instanceof ApiError && error.code === "reauthentication_cancelled") return;
    showFormFailure(form, error);
  } finally {
    button.disabled = false;
  }
}

async function renamePasskey(p) {
  say("passkeys-status", null);
  const result = await ask({
    title: "Rename passkey",
    text: "A name that tells you where this passkey lives, e.g. “Work laptop” or “1Password”.",
    code: { label: "Name", value: p.name, autocomplete: "off", missing: "Enter a name." },
    confirm: "Rename",
    submit: ({ code }) => api("PATCH", "/api/security/passkeys/" + encodeURIComponent(p.id),
        { name: code }),
  });
  if (!result) return;
  await loadPasskeys().catch((e) => handleFailure(e, "passkeys-status"));
  say("passkeys-status", "Passkey renamed to “" + result.name + "”.");
}

async function removePasskey(p) {
  say("passkeys-status", null);
  const { result, refused } = await askToRemove({
    title: "Remove passkey “" + p.name + "”?",
    text: "You won't be able to sign in with it any more. Other devices are signed out. Delete it"
        + " from your device or password manager too.",
    confirm: "Remove",
  }, "/api/security/passkeys/" + encodeURIComponent(p.id),
  ["last_sign_in_method", "passkey_not_found"]);
  if (!result) {
    if (refused) {
      say("passkeys-status", describeError(refused), true);
      await loadPasskeys().catch((e) => handleFailure(e, "passkeys-status"));
    }
    return;
  }
  showSessionsEnded("passkeys-sessions-ended", result);
  await loadPasskeys().catch((e) => handleFailure(e, "passkeys-status"));
  say("passkeys-status", "Passkey “" + p.name + "” removed.");
}

// --- API keys --------------------------------------------------------------------------------

const PERMISSION_LABELS = { read_only: "Read only", read_write: "Read and write", admin: "Admin" };

/** The keys as last loaded, so the "show revoked" switch re-renders without a request. */
let apiKeys = [];

async function loadApiKeys() {
  apiKeys = await api("GET", "/api/api-keys");
  renderApiKeys();
}

/** Whether a key still authenticates: active, or rotated but inside its grace period. */
function keyWorks(k) {
  return k.status === "active" || k.status === "rotating";
}

/**
 * The table: working keys always; revoked, replaced and expired ones only on request, so a list
 * that only grows never buries the keys that matter.
 */
function renderApiKeys() {
  const rows = $("api-key-rows");
  const showInactive = $("show-inactive-keys").checked;
  const inactive = apiKeys.filter((k) => !keyWorks(k)).length;
  $("show-inactive-keys-label").hidden = inactive === 0;
  $("show-inactive-keys-text").textContent = "Show revoked, replaced and expired keys ("
      + inactive + ")";
  const shown = apiKeys.filter((k) => showInactive || keyWorks(k));
  rows.replaceChildren();
  if (shown.length === 0) {
    rows.append(el("tr", null, el("td", { colspan: "5", className: "empty" },
        apiKeys.length === 0 ? "No API keys yet." : "No working API keys.")));
  }
  const names = new Map(apiKeys.map((k) => [k.id, k]));
  for (const k of shown) {
    rows.append(apiKeyRow(k, names));
  }
}

/** The status in words: "Active", "Old key: works until 14:05, then stops", "Revoked"… */
function keyStatus(k) {
  const at = (iso) => el("time", { datetime: iso, title: absolute.format(new Date(iso)) },
      absolute.format(new Date(iso)));
  switch (k.status) {
    case "active":
      return el("span", null, el("strong", null, "Active"),
          k.expires_at ? el("span", null, " · expires ", at(k.expires_at)) : null);
    case "rotating":
      return el("span", null, el("strong", null, "Being replaced"),
          el("span", null, " · works until ", at(k.grace_until)));
    case "rotated":
      return el("span", null, "Replaced");
    case "revoked":
      return el("span", null, "Revoked");
    case "expired":
      return el("span", null, "Expired");
    default:
      return el("span", null, k.status);
  }
}

function apiKeyRow(k, byId) {
  const when = (iso) => iso
      ? el("time", { datetime: iso, title: absolute.format(new Date(iso)) }, timeAgo(iso))
      : "Never";
  // After a rotation both rows carry the name: say which one is the old key.
  const replacement = k.replaced_by ? byId.get(k.replaced_by) : null;
  const nameNote = k.status === "rotating" ? "old key"
      : replacement ? null
      : [...byId.values()].some((o) => o.replaced_by === k.id) ? "new key" : null;
  return el("tr", { className: keyWorks(k) ? null : "inactive" },
      el("td", { className: "key-name" },
          el("div", null, k.name,
              nameNote ? el("span", { className: "muted" }, " (" + nameNote + ")") : null),
          el("div", { className: "key-meta" }, el("code", null, k.hint), " · created ",
              when(k.created_at))),
      el("td", null, (PERMISSION_LABELS[k.permission] || k.permission)
          + (k.environment === "test" ? " · test" : "")),
      el("td", null, when(k.last_used_at)),
      el("td", { className: "key-status status-" + k.status }, keyStatus(k)),
      el("td", null, keyWorks(k) ? el("div", { className: "button-row" },
          k.status === "active" ? el("button", { type: "button", className: "button",
            "aria-label": "Rotate key " + k.name, onclick: () => rotateKey(k) }, "Rotate") : null,
          el("button", { type: "button", className: "button button-danger",
            "aria-label": "Revoke key " + k.name, onclick: () => revokeKey(k) }, "Revoke")) : null));
}

/** Shows a new key once, with Copy, a warning, and how to call the API with it. */
function showNewKey(result, heading) {
  const box = $("api-key-created");
  const copy = el("button", { type: "button", className: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(result.key);
      copy.textContent = "Copied";
    } catch (e) {
      say("api-keys-status", "Could not copy. Select the key and copy it by hand.", true);
    }
  });
  const curl = "curl -H \"Authorization: Bearer " + result.key + "\" " + location.origin
      + "/v1/credits";
  box.replaceChildren(
      el("p", null, el("strong", null, heading)),
      el("p", { className: "secret", id: "new-api-key" }, result.key),
      el("p", { className: "warning" }, "Copy it now: it won't be shown again."),
      el("p", null, "Try it:"),
      el("code", { className: "curl" }, curl),
      el("div", { className: "button-row" }, copy,
          el("button", { type: "button", className: "button",
            onclick: () => { box.hidden = true; box.replaceChildren(); } }, "Done")));
  box.hidden = false;
}

async function createApiKey(event) {
  event.preventDefault();
  const form = event.currentTarget;
  formError(form, null);
  say("api-keys-status", null);
  if (!form.elements.name.value.trim()) {
    formError(form, "Give the key a name, such as the application that will use it.");
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const result = await api("POST", "/api/api-keys", { name: form.elements.name.value,
      permission: form.elements.permission.value, environment: form.elements.environment.value });
    form.reset();
    showNewKey(result, "Your new API key “" + result.api_key.name + "”");
    await loadApiKeys();
    say("api-keys-status", "API key “" + result.api_key.name + "” created.");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) handleFailure(error);
    else formError(form, describeError(error), null, error);
  } finally {
    button.disabled = false;
  }
}

async function revokeKey(k) {
  say("api-keys-status", null);
  const done = await ask({
    title: "Revoke “" + k.name + "”?",
    text: "Applications using this key stop working at once. This cannot be undone.",
    confirm: "Revoke key",
    danger: true,
    submit: () => api("DELETE", "/api/api-keys/" + encodeURIComponent(k.id))
        .then(() => true, (error) => {
          if (error instanceof ApiError && error.code === "api_key_not_found") return true;
          throw error;
        }),
  });
  if (!done) return;
  await loadApiKeys().catch((e) => handleFailure(e, "api-keys-status"));
  say("api-keys-status", "API key “" + k.name + "” revoked. Requests with it are refused now.");
}

/** How long the old key keeps working after a rotation. */
const GRACE_CHOICES = [
  { value: "0", label: "No: it stops now" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "24 hours" },
  { value: "604800", label: "7 days" },
];

async function rotateKey(k) {
  say("api-keys-status", null);
  const result = await ask({
    title: "Rotate “" + k.name + "”?",
    text: "A new key with the same name and permission replaces it. Update your applications "
        + "with the new key.",
    choices: { legend: "Keep the old key working for", options: GRACE_CHOICES, value: "86400" },
    confirm: "Rotate key",
    submit: ({ choice }) => api("POST", "/api/api-keys/" + encodeURIComponent(k.id) + "/rotate",
        { grace_seconds: Number(choice) }),
  });
  if (!result) return;
  showNewKey(result, "The new key for “" + result.api_key.name + "”");
  await loadApiKeys().catch((e) => handleFailure(e, "api-keys-status"));
  const old = apiKeys.find((o) => o.id === k.id);
  say("api-keys-status", old && old.status === "rotating"
      ? "Key rotated. The old key works until " + absolute.format(new Date(old.grace_until)) + "."
      : "Key rotated. The old key has stopped working.");
}

// --- Active sessions -------------------------------------------------------------------------

async function loadSessions() {
  const sessions = await api("GET", "/api/security/sessions");
  const list = $("session-list");
  list.replaceChildren();
  if (sessions.length === 0) {
    list.append(el("li", { className: "empty" }, "No active sessions."));
  }
  // This device first, then the rest as the server ordered them (most recently active first).
  const ordered = [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
  for (const s of ordered) {
    list.append(sessionRow(s));
  }
  $("revoke-others").disabled = !sessions.some((s) => !s.current);
}

function sessionRow(s) {
  const where = [s.location, s.ip_address].filter(Boolean).join(" · ");
  const lastActive = s.current
      ? el("span", null, "Active now")
      : el("span", null, "Last active ",
          el("time", { datetime: s.last_active, title: absolute.format(new Date(s.last_active)) },
              timeAgo(s.last_active)));
  return el("li", { className: "session" },
      el("div", null,
          el("div", { className: "session-device" },
              s.device || "Unknown device",
              s.current ? el("span", { className: "badge" }, "This device") : null),
          el("div", { className: "session-meta" }, where),
          el("div", { className: "session-meta" }, lastActive, " · Signed in ",
              el("time", { datetime: s.created_at }, absolute.format(new Date(s.created_at))))),
      s.current ? null : el("button", {
        type: "button",
        className: "button button-danger",
        "aria-label": "Revoke session on " + (s.device || "unknown device"),
        onclick: (event) => revokeSession(s, event.currentTarget),
      }, "Revoke"));
}

async function revokeSession(session, button) {
  button.disabled = true;
  say("sessions-status", null);
  const device = session.device || "Unknown device";
  try {
    await api("DELETE", "/api/security/sessions/" + encodeURIComponent(session.id));
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "session_not_found")) {
      button.disabled = false;
      handleFailure(error, "sessions-status");
      return;
    }
  }
  await loadSessions().catch((e) => handleFailure(e, "sessions-status"));
  say("sessions-status", "Session on " + device + " revoked. That device has been signed out.");
}

async function revokeOthers() {
  say("sessions-status", null);
  const result = await ask({
    title: "Sign out all other sessions?",
    text: "Every other device signed in to your account is signed out at once. You stay signed "
        + "in here.",
    confirm: "Sign out others",
    submit: () => api("POST", "/api/security/sessions/revoke-others"),
  });
  if (!result) return;
  await loadSessions().catch((e) => handleFailure(e, "sessions-status"));
  say("sessions-status", result.revoked === 1 ? "Signed out of 1 other session."
      : "Signed out of " + result.revoked + " other sessions.");
}

async function revokeAll() {
  say("sessions-status", null);
  const result = await ask({
    title: "Sign out everywhere?",
    text: "Every device signed in to your account is signed out, this one included.",
    confirm: "Sign out everywhere",
    danger: true,
    submit: () => api("POST", "/api/security/sessions/revoke-all"),
  });
  if (!result) return;
  showSignedOut(null, "You have been signed out on all devices.");
}

// --- Password ----------------------------------------------------------------------------------

/**
 * The policy's rules as the user types. Only a hint: the server decides (it also refuses common
 * passwords and ones containing your email or the product name).
 */
const PASSWORD_RULES = [
  { text: "At least 8 characters", test: (p) => [...p].length >= 8 },
  { text: "one uppercase letter", test: (p) => /\p{Lu}/u.test(p) },
  { text: "one number", test: (p) => /\p{Nd}/u.test(p) },
  { text: "one special character", test: (p) => /[^\p{L}\p{N}\s]/u.test(p) },
];

/** Renders the live rule hint ("At least 8 characters, one uppercase letter, …") for an input. */
function updateRules(input) {
  const hint = $(input.dataset.rules);
  if (!hint) return;
  const value = input.value;
  const parts = [];
  PASSWORD_RULES.forEach((rule, i) => {
    if (i > 0) parts.push(i === PASSWORD_RULES.length - 1 ? " and " : ", ");
    const met = value.length > 0 && rule.test(value);
    parts.push(el("span", { className: met ? "rule rule-met" : "rule" }, (met ? "✓ " : "") + rule.text));
  });
  parts.push(".");
  hint.replaceChildren(...parts);
}

let nextRulesId = 0;

/** A password input with its own live rule hint. */
function passwordField(label, name, autocomplete, withRules) {
  const input = el("input", { type: "password", name, autocomplete, required: true });
  if (!withRules) return el("label", null, label, input);
  const hintId = "password-rules-" + (nextRulesId++);
  input.dataset.rules = hintId;
  input.setAttribute("aria-describedby", hintId);
  input.addEventListener("input", () => updateRules(input));
  const hint = el("div", { className: "hint", id: hintId });
  const label_ = el("label", null, label, input);
  queueMicrotask(() => updateRules(input));
  return el("div", { className: "field" }, label_, hint);
}

async function loadPassword() {
  const body = $("password-body");
  const hasPassword = me && me.has_password;
  $("password-intro").textContent = hasPassword
      ? "Changing your password signs you out on every other device; you stay signed in here."
      : "You sign in through a connected account and have no password yet. Set one to sign in "
        + "with your email too (you may be asked to confirm it's you first).";
  const form = el("form", { novalidate: true, className: "narrow-form" },
      // For password managers: which account this password belongs to (never shown).
      el("input", { type: "email", name: "username", autocomplete: "username", value: me ? me.email : "",
        hidden: true, readonly: true, tabindex: "-1" }),
      hasPassword ? passwordField("Current password", "current", "current-password", false) : null,
      passwordField("New password", "next", "new-password", true),
      passwordField("Confirm new password", "confirm", "new-password", false),
      el("div", { className: "form-error", role: "alert", hidden: true }),
      el("div", { className: "button-row" },
          el("button", { type: "submit", className: "button button-primary" },
              hasPassword ? "Change password" : "Set password")));
  form.addEventListener("submit", (event) => submitPassword(event, hasPassword));
  body.replaceChildren(form);
}

async function submitPassword(event, hasPassword) {
  event.preventDefault();
  const form = event.currentTarget;
  formError(form, null);
  say("password-status", null);
  const next = form.elements.next.value;
  if ((hasPassword && !form.elements.current.value) || !next) {
    formError(form, hasPassword ? "Enter your current password and a new one."
        : "Enter a new password.");
    return;
  }
  if (next !== form.elements.confirm.value) {
    formError(form, "The new passwords don't match.");
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    let result;
    if (hasPassword) {
      result = await api("POST", "/api/security/password",
          { current_password: form.elements.current.value, new_password: next });
    } else {
      result = await api("POST", "/api/security/password/set", { new_password: next });
    }
    showSessionsEnded("password-sessions-ended", result);
    me = await api("GET", "/api/me");
    await Promise.all([loadPassword(), loadSessions(), loadConnectedAccounts(),
      loadLoginHistory(false)]);
    say("password-status", hasPassword ? "Password changed. Use the new one from now on."
        : "Password set. You can now sign in with your email and password.");
  } catch (error) {
    showFormFailure(form, error);
  } finally {
    button.disabled = false;
  }
}

// --- Connected accounts ------------------------------------------------------------------------

const PROVIDERS = { github: "GitHub", google: "Google", gitlab: "GitLab" };

async function loadConnectedAccounts() {
  const linked = await api("GET", "/api/security/connected-accounts");
  const list = $("connected-list");
  list.replaceChildren();
  if (linked.length === 0) {
    list.append(el("li", { className: "empty" }, "No connected accounts."));
  }
  for (const account of linked) {
    const name = PROVIDERS[account.provider] || account.provider;
    list.append(el("li", { className: "session" },
        el("div", null,
            el("div", { className: "session-device" }, name,
                el("span", { className: "badge" }, "simulated")),
            el("div", { className: "session-meta" }, account.email
                ? "Simulated " + name + " account " + account.email
                    + ": sign in with " + name + " and this email"
                : "No email shared"),
            el("div", { className: "session-meta" }, "Connected ",
                el("time", { datetime: account.linked_at }, absolute.format(new Date(account.linked_at))))),
        el("button", { type: "button", className: "button button-danger",
          "aria-label": "Disconnect " + name,
          onclick: () => disconnect(account.provider) }, "Disconnect")));
  }
  const buttons = $("connect-buttons");
  buttons.replaceChildren();
  for (const [provider, name] of Object.entries(PROVIDERS)) {
    if (linked.some((a) => a.provider === provider)) continue;
    buttons.append(el("button", { type: "button", className: "button",
      onclick: () => connect(provider) }, "Connect " + name + " (simulated)"));
  }
  if (buttons.childElementCount > 0 && me) {
    buttons.append(el("p", { className: "hint connect-hint" },
        "Connects the simulated account for " + me.email + "."));
  }
}

async function connect(provider) {
  const name = PROVIDERS[provider] || provider;
  say("connected-status", null);
  try {
    const result = await api("POST", "/api/security/connected-accounts/"
        + encodeURIComponent(provider) + "/simulate-link", {});
    showSessionsEnded("connected-sessions-ended", result);
    await loadConnectedAccounts();
    say("connected-status", name + " connected (simulated account " + result.email + "). You can"
        + " now sign in with " + name + " and that email.");
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "reauthentication_cancelled")) {
      handleFailure(error, "connected-status");
    }
  }
}

async function disconnect(provider) {
  const name = PROVIDERS[provider] || provider;
  say("connected-status", null);
  const { result, refused } = await askToRemove({
    title: "Disconnect " + name + "?",
    text: "You won't be able to sign in with " + name + " any more.",
    confirm: "Disconnect",
  }, "/api/security/connected-accounts/" + encodeURIComponent(provider),
  ["last_sign_in_method", "not_linked"]);
  if (!result) {
    if (refused && refused.code === "last_sign_in_method") {
      say("connected-status", describeError(refused), true);
    }
    if (refused) await loadConnectedAccounts().catch((e) => handleFailure(e, "connected-status"));
    return;
  }
  showSessionsEnded("connected-sessions-ended", result);
  await loadConnectedAccounts().catch((e) => handleFailure(e, "connected-status"));
  say("connected-status", name + " disconnected.");
}

// --- Login history -----------------------------------------------------------------------------

/** Each event type in plain words. */
const EVENT_LABELS = {
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Failed sign-in attempt",
  "sign_in.locked": "Account locked after too many attempts",
  "sign_out": "Signed out",
  "session.revoked": "Session revoked",
  "password.changed": "Password changed",
  "password.set": "Password set",
  "password.reset": "Password reset",
  "session.reauthenticated": "Identity confirmed",
  "totp.enabled": "Two-factor authentication enabled",
  "totp.disabled": "Two-factor authentication disabled",
  "backup_code.used": "Backup code used",
  "backup_code.restored": "Backup code given back (the sign-in failed)",
  "backup_codes.regenerated": "Backup codes regenerated",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "api_key.rotated": "API key rotated",
  "connected_account.added": "Connected account added",
  "connected_account.removed": "Connected account removed",
  "passkey.added": "Passkey added",
  "passkey.renamed": "Passkey renamed",
  "passkey.removed": "Passkey removed",
  "passkey.clone_suspected": "Passkey refused: it may have been copied",
  "sign_in.second_factor_required": "Correct password, second step asked for",
};

/** Which factor a failed attempt or a lock was about. */
const FACTOR_LABELS = { password: "wrong password", totp: "wrong authenticator code",
  backup_code: "wrong backup code" };

/** How long an old key was kept working after a rotation. */
function graceLabel(seconds) {
  const n = Number(seconds);
  if (!(n > 0)) return "old key stopped at once";
  if (n % 86400 === 0) return "old key kept for " + (n / 86400) + (n === 86400 ? " day" : " days");
  if (n % 3600 === 0) return "old key kept for " + (n / 3600) + (n === 3600 ? " hour" : " hours");
  return "old key kept for " + formatWait(n);
}

const METHOD_LABELS = { password: "with password", totp: "with authenticator app",
  backup_code: "with a backup code", passkey: "with a passkey", github: "with GitHub", google: "with Google", gitlab: "with GitLab" };

/** The cursor of the next page, or null when everything is shown. */
let historyCursor = null;

async function loadLoginHistory(more) {
  const type = $("history-type").value;
  let path = "/api/security/login-history?limit=20";
  if (type) path += "&type=" + encodeURIComponent(type);
  if (more && historyCursor) path += "&cursor=" + encodeURIComponent(historyCursor);
  const page = await api("GET", path);
  const rows = $("history-rows");
  if (!more) rows.replaceChildren();
  for (const event of page.events) {
    rows.append(historyRow(event));
  }
  if (!more && page.events.length === 0) {
    rows.append(el("tr", null, el("td", { colspan: "5", className: "empty" }, "No events.")));
  }
  historyCursor = page.next_cursor;
  $("history-more").hidden = !historyCursor;
}

function historyRow(event) {
  const details = event.details || {};
  const label = EVENT_LABELS[event.type] || event.type;
  const extra = [];
  if (event.type === "sign_in.succeeded" && METHOD_LABELS[details.method]) {
    extra.push(METHOD_LABELS[details.method]);
  }
  if (details.provider && PROVIDERS[details.provider]) extra.push(PROVIDERS[details.provider]);
  if (event.type === "session.reauthenticated" && METHOD_LABELS[details.method]) {
    extra.push(METHOD_LABELS[details.method]);
  }
  if ((event.type === "sign_in.failed" || event.type === "sign_in.locked")
      && FACTOR_LABELS[details.factor]) {
    extra.push(FACTOR_LABELS[details.factor]);
  }
  if (event.type === "sign_in.second_factor_required" && METHOD_LABELS[details.method]) {
    extra.push(METHOD_LABELS[details.method]);
  }
  if (details.key_name) extra.push("“" + details.key_name + "”");
  if (event.type === "api_key.rotated" && details.grace_seconds !== undefined) {
    extra.push(graceLabel(details.grace_seconds));
  }
  if (details.reason === "leaked") extra.push("reported as leaked");
  if (event.type === "backup_code.used" && details.remaining !== undefined) {
    extra.push(details.remaining + " left");
  }
  if (event.type === "session.revoked" && details.scope === "others") extra.push("all other sessions");
  if (event.type === "session.revoked" && details.scope === "all") extra.push("everywhere");
  const ended = Number(details.other_sessions_ended);
  if (ended > 0) {
    extra.push(ended === 1 ? "1 other session signed out" : ended + " other sessions signed out");
  }
  return el("tr", { className: event.suspicious ? "suspicious" : null },
      el("td", { className: "key-name" }, label,
          extra.length ? el("span", { className: "muted" }, " (" + extra.join(", ") + ")") : null,
          event.suspicious ? el("span", { className: "badge badge-warning",
            title: "First sign-in from this device and location" }, "New device") : null),
      el("td", null, event.device || "—"),
      el("td", null, event.location || "—"),
      el("td", null, event.ip_address ? el("code", null, event.ip_address) : "—"),
      el("td", null, el("time", { datetime: event.at, title: absolute.format(new Date(event.at)) },
          timeAgo(event.at))));
}

// ---------------------------------------------------------------------------------------------
// Sign in, sign up, sign out
// ---------------------------------------------------------------------------------------------

/** Shows an error under a form; for weak_password, each of the policy's reasons as a list. */
function formError(form, message, violations, error) {
  const slot = form.querySelector(".form-error");
  clearInterval(countdowns.get(slot));
  countdowns.delete(slot);
  slot.replaceChildren();
  if (violations && violations.length > 0) {
    slot.append(el("p", null, "Choose a stronger password:"),
        el("ul", { className: "violation-list" }, ...violations.map((v) => el("li", null, v.message))));
  } else {
    showErrorText(slot, message || "", error);
  }
  slot.hidden = !message && !(violations && violations.length > 0);
  if (!slot.hidden) {
    // The error takes the focus (announced as an alert), and is scrolled into view.
    slot.tabIndex = -1;
    slot.scrollIntoView({ block: "nearest" });
    slot.focus({ preventScroll: true });
  }
}

/** formError for a failed request: the violations of a weak_password, else the message. */
function showFormFailure(form, error) {
  if (error instanceof ApiError && error.status === 401) {
    handleFailure(error);
    return;
  }
  formError(form, describeError(error), error instanceof ApiError ? error.violations : null, error);
}

async function submitForm(form, action) {
  const button = form.querySelector("button[type=submit]");
  formError(form, null);
  say("auth-status", null);
  // Nothing to send: say so here instead of asking the server.
  if (!form.elements.email.value.trim() || !form.elements.password.value) {
    formError(form, "Enter your email address and password.");
    return;
  }
  button.disabled = true;
  try {
    await action(form.elements.email.value, form.elements.password.value);
    form.reset();
    form.querySelectorAll("input[data-rules]").forEach(updateRules);
  } catch (error) {
    formError(form, describeError(error), error instanceof ApiError ? error.violations : null,
        error);
  } finally {
    button.disabled = false;
  }
}

/** The pending second step of a sign-in: the token from {status:"mfa_required"}. */
let mfaToken = null;

async function signIn(email, password) {
  await afterSignIn(await api("POST", "/api/login", { email, password }));
}

/** Continues after any sign-in answer: the second step, or the settings page. */
async function afterSignIn(result) {
  if (result && result.status === "mfa_required") {
    showMfaStep(result.mfa_token, result.second_factors || [], result.code_destinations || {});
    return;
  }
  await stopConditionalPasskey();
  await showSignedIn(await api("GET", "/api/me"));
  if (result && result.status === "enrollment_required") {
    say("two-factor-status",
        "Two-factor authentication is required for your account. Set it up to continue.");
  }
}

/** The simulated provider form: sign in with an identity, or sign up with it (no password). */
async function submitProvider(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const mode = event.submitter ? event.submitter.value : "sign-in";
  const provider = form.elements.provider.value;
  const email = form.elements.email.value.trim();
  formError(form, null);
  say("auth-status", null);
  if (!email) {
    formError(form, "Enter the email address of your " + (PROVIDERS[provider] || provider)
        + " account (simulated).");
    return;
  }
  try {
    // The simulated identity is the provider's account with this email (see the card's text).
    const result = await api("POST", "/api/" + (mode === "sign-up" ? "signup" : "login")
        + "/provider/" + encodeURIComponent(provider) + "/simulate", { email });
    form.reset();
    await afterSignIn(result);
    if (mode === "sign-up") say("password-status", "Your account has been created. It has no"
        + " password yet: you sign in with " + (PROVIDERS[provider] || provider) + ".");
  } catch (error) {
    formError(form, describeError(error), null, error);
  }
}

function showMfaStep(token, factors, codeDestinations) {
  mfaToken = token;
  $("sign-in-form").hidden = true;
  $("passkey-sign-in-form").hidden = true;
  const form = $("mfa-form");
  formError(form, null);
  const passkey = factors.includes("passkey") && passkeysSupported();
  const codes = factors.includes("totp") || factors.includes("sms") || factors.includes("email")
      || !passkey;
  $("mfa-passkey").hidden = !passkey;
  $("mfa-passkey").className = "button" + (codes ? "" : " button-primary");
  // Codes only where the account has an authenticator app (backup codes come with it).
  form.elements.code.closest("label").hidden = !codes;
  form.querySelector("button[type=submit]").hidden = !codes;
  $("mfa-hint").textContent = passkey && !codes ? "Use your passkey to finish signing in."
      : passkey ? "Use your passkey, or enter the 6-digit code from your authenticator app or a"
          + " backup code."
      : "Enter the 6-digit code from your authenticator app, or a backup code.";
  form.hidden = false;
  (passkey ? $("mfa-passkey") : form.elements.code).focus();
  // Codes by SMS or email (factors.js) offer "Text me a code" here.
  document.dispatchEvent(new CustomEvent("latchkey:mfa-step",
      { detail: { factors, codeDestinations: codeDestinations || {} } }));
  // The email field is gone, and with it the autofill's passkeys.
  stopConditionalPasskey();
}

/** The second step with a passkey of the account (the server lists which ones may answer). */
async function submitMfaPasskey() {
  const form = $("mfa-form");
  const button = $("mfa-passkey");
  formError(form, null);
  button.disabled = true;
  try {
    await stopConditionalPasskey();
    const { options } = await api("POST", "/api/login/mfa/passkey/options", { mfa_token: mfaToken });
    const credential = await getPasskey(options, form);
    if (!credential) return;
    await api("POST", "/api/login/mfa/passkey",
        { mfa_token: mfaToken, credential: credentialJson(credential) });
    hideMfaStep();
    await showSignedIn(await api("GET", "/api/me"));
  } catch (error) {
    mfaFailure(form, error);
  } finally {
    button.disabled = false;
  }
}

/**
 * "Sign in with a passkey": no email, no password. The passkey the person picks names the account
 * (a discoverable credential), and it verified them (PIN, fingerprint, face), so no second step.
 */
async function signInWithPasskey(event) {
  event.preventDefault();
  const form = $("passkey-sign-in-form");
  formError(form, null);
  formError($("sign-in-form"), null);
  say("auth-status", null);
  if (!passkeysSupported()) {
    formError(form, "This browser does not support passkeys. Sign in with your password.");
    return;
  }
  const button = $("passkey-sign-in");
  button.disabled = true;
  try {
    await stopConditionalPasskey();
    const { options } = await api("POST", "/api/login/passkey/options");
    const credential = await getPasskey(options, form);
    if (!credential) return;
    await finishPasskeySignIn(credential);
  } catch (error) {
    formError(form, describeError(error), null, error);
  } finally {
    button.disabled = false;
  }
}

async function finishPasskeySignIn(credential) {
  await afterSignIn(await api("POST", "/api/login/passkey",
      { credential: credentialJson(credential) }));
}

/**
 * Conditional UI: while the sign-in form shows, the browser may offer this site's passkeys in the
 * email field's autofill ("username webauthn"); picking one signs in. One request at a time: it
 * is aborted before any other passkey request and when the form goes away.
 */
let conditional = null;

async function startConditionalPasskey() {
  if (conditional || !passkeysSupported()
      || typeof PublicKeyCredential.isConditionalMediationAvailable !== "function") return;
  const controller = new AbortController();
  const run = (async () => {
    if (!(await PublicKeyCredential.isConditionalMediationAvailable())) return;
    const { options } = await request("POST", "/api/login/passkey/options");
    if (controller.signal.aborted) return;
    const credential = await navigator.credentials.get({ publicKey: requestOptions(options),
      mediation: "conditional", signal: controller.signal });
    if (controller.signal.aborted) return;
    conditional = null;
    await finishPasskeySignIn(credential);
  })().catch((error) => {
    if (controller.signal.aborted || (error && error.name === "AbortError")) return;
    // Not offered again until the sign-in page shows anew: a refused passkey would only be
    // refused again.
    if (conditional && conditional.controller === controller) conditional = null;
    formError($("passkey-sign-in-form"), error instanceof ApiError ? describeError(error)
        : passkeyBrowserError(error, false), null, error);
  });
  conditional = { controller, run };
}

/** Ends the pending autofill request, and waits until the browser has let go of it. */
async function stopConditionalPasskey() {
  const pending = conditional;
  conditional = null;
  if (!pending) return;
  pending.controller.abort();
  await pending.run;
}

function hideMfaStep() {
  mfaToken = null;
  const form = $("mfa-form");
  form.reset();
  form.hidden = true;
  $("sign-in-form").hidden = false;
  $("passkey-sign-in-form").hidden = false;
  if (!$("signed-out").hidden) startConditionalPasskey();
}

/** A refused second step: start over for an expired sign-in, else say why under the form. */
function mfaFailure(form, error) {
  if (error instanceof ApiError && error.code === "invalid_challenge") {
    hideMfaStep();
    formError($("sign-in-form"), describeError(error), null, error);
  } else {
    formError(form, describeError(error), null, error);
  }
}

async function submitMfa(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector("button[type=submit]");
  formError(form, null);
  button.disabled = true;
  if (!form.elements.code.value.trim()) {
    button.disabled = false;
    formError(form, "Enter the code from your authenticator app, or a backup code.");
    return;
  }
  try {
    const result = await api("POST", "/api/login/mfa", { mfa_token: mfaToken,
      code: form.elements.code.value, channel: form.elements.channel.value || undefined });
    hideMfaStep();
    await showSignedIn(await api("GET", "/api/me"));
    if (result && Number.isInteger(result.backup_codes_remaining)) {
      const n = result.backup_codes_remaining;
      say("two-factor-status", "You signed in with a backup code. It can't be used again: "
          + (n === 1 ? "1 backup code left." : n + " backup codes left.")
          + (n <= 3 ? " Generate new codes soon so you don't get locked out." : ""),
          false);
    }
  } catch (error) {
    mfaFailure(form, error);
  } finally {
    button.disabled = false;
  }
}

async function signUp(email, password) {
  const created = await api("POST", "/api/signup", { email, password });
  // Email verification on: nothing to sign in to until the link is opened (recovery.js).
  if (created && created.status === "check_email") return showCheckEmail(email);
  await signIn(email, password);
  say("password-status", "Your account has been created and you are signed in.");
}

async function signOut() {
  try {
    await api("POST", "/api/logout");
  } catch (error) {
    // Signing out is best effort; the server clears the cookie either way.
  }
  showSignedOut(null, "You have been signed out.");
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", async () => {
  $("sign-in-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitForm(e.currentTarget, signIn);
  });
  $("sign-up-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitForm(e.currentTarget, signUp);
  });
  $("mfa-form").addEventListener("submit", submitMfa);
  $("mfa-cancel").addEventListener("click", hideMfaStep);
  $("mfa-passkey").addEventListener("click", submitMfaPasskey);
  $("passkey-sign-in-form").addEventListener("submit", signInWithPasskey);
  $("passkey-form").addEventListener("submit", addPasskey);
  $("api-key-form").addEventListener("submit", createApiKey);
  $("provider-form").addEventListener("submit", submitProvider);
  $("history-type").addEventListener("change",
      () => loadLoginHistory(false).catch((e) => handleFailure(e, "history-status")));
  $("history-more").addEventListener("click",
      () => loadLoginHistory(true).catch((e) => handleFailure(e, "history-status")));
  $("show-inactive-keys").addEventListener("change", renderApiKeys);
  for (const input of document.querySelectorAll("input[data-rules]")) {
    input.addEventListener("input", () => updateRules(input));
    updateRules(input);
  }
  $("sign-out").addEventListener("click", signOut);
  $("revoke-others").addEventListener("click", revokeOthers);
  $("revoke-all").addEventListener("click", revokeAll);
  buildNav();

  // Coming back to the tab re-checks the session, so a revocation from another device shows at once.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !$("signed-in").hidden) {
      loadSections();
    }
  });

  try {
    await showSignedIn(await api("GET", "/api/me"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      showSignedOut(error.code === "unauthenticated" ? null : error.code);
    } else {
      showSignedOut();
      say("auth-status", describeError(error), true, error);
    }
  }
});

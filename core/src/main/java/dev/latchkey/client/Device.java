package dev.latchkey.client;

/**
 * The device (or software) behind a request, as a {@link DeviceNamer} identified it: what is
 * stored with a session and a security event. Words for it ("Chrome on macOS") come from a
 * {@link ClientLabels} only when it is shown, so another language or a better parser changes no
 * stored row.
 *
 * <p>Plain immutable data. The constructor normalises every component, so a host's namer cannot
 * produce a value a store cannot keep: {@code null} names become empty, control characters are
 * removed, surrounding whitespace is stripped and names are cut to {@value #MAX_NAME_LENGTH}
 * characters; a negative version becomes 0 and a {@code null} type {@link DeviceType#UNKNOWN}.
 *
 * @param browser the software that made the request, as a product name: a browser ("Chrome",
 *     "Safari"), an app whose in-app browser it was ("Instagram app"), a library or tool ("curl"),
 *     a bot ("Googlebot"); empty when unknown
 * @param browserVersion the major version of {@code browser} (120 for Chrome 120.0.6099.71), or 0
 *     when unknown
 * @param os the platform: "Windows", "macOS", "Android", "iPhone" (iOS on an iPhone), "iPad",
 *     "Smart TV", …; empty when unknown
 * @param type the kind of device
 */
public record Device(String browser, int browserVersion, String os, DeviceType type) {
  /** The longest {@link #browser()} and {@link #os()}: what a store's columns hold. */
  public static final int MAX_NAME_LENGTH = 64;

  private static final Device UNKNOWN = new Device("", 0, "", DeviceType.UNKNOWN);
  private static final Device NONE = new Device("", 0, "", DeviceType.NONE);

  /**
   * Normalises the components; see the class description.
   *
   * @param browser the product name, or {@code null} or empty when unknown
   * @param browserVersion the major version, or 0 when unknown
   * @param os the platform, or {@code null} or empty when unknown
   * @param type the kind of device, or {@code null} when unknown
   */
  public Device {
    browser = Texts.clean(browser, MAX_NAME_LENGTH);
    os = Texts.clean(os, MAX_NAME_LENGTH);
    browserVersion = Math.max(browserVersion, 0);
    type = type == null ? DeviceType.UNKNOWN : type;
  }

  /**
   * A client whose device could not be told (no or an unrecognisable User-Agent).
   *
   * @return empty names, version 0, {@link DeviceType#UNKNOWN}
   */
  public static Device unknown() {
    return UNKNOWN;
  }

  /**
   * No client at all (an operation made by the host or a background job).
   *
   * @return empty names, version 0, {@link DeviceType#NONE}
   */
  public static Device none() {
    return NONE;
  }

  /**
   * Whether {@code other} is the same device for suspicious-sign-in detection: the same browser,
   * OS and type. The version is ignored, so a browser update is not a new device.
   *
   * @param other another device
   * @return {@code true} when browser, OS and type are equal (exactly, case-sensitively)
   */
  public boolean isSameDeviceAs(Device other) {
    return browser.equals(other.browser) && os.equals(other.os) && type == other.type;
  }
}

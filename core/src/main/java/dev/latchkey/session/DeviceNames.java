package dev.latchkey.session;

final class DeviceNames {
  static String describe(String ua) {
    return "Unknown device";
  }
}

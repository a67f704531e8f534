/**
 * Deliberately bad classes, one sub-package per architecture rule, that prove each rule reports a
 * violation ({@code dev.latchkey.arch.ArchitectureRulesCatchViolationsTest}). Test sources only, so
 * the real scan (main classes) never sees them.
 */
package dev.latchkey.archfixture;

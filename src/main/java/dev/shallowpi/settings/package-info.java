/**
 * The vocabulary of the settings a user gives the method ({@link dev.shallowpi.settings.Setting}) and the error that
 * names one ({@link dev.shallowpi.settings.SettingException}): {@code method} speaks of settings, {@code cli} maps
 * them to its flags. JDK only.
 */
package dev.shallowpi.settings;

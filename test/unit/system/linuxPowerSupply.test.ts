import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LinuxPowerSupplySource } from '../../../electron/core/system/linuxPowerSupply';
import { parsePowerSupplies, readPowerSupplies } from '../../../electron/core/system';
import { removeTempDirs, sysfsFixture, writeSysfsTree } from './sysfsTree';

afterAll(removeTempDirs);

const read = async (name: string) => parsePowerSupplies(await readPowerSupplies(sysfsFixture(name)));

describe('Linux power supply (sysfs)', () => {
  it('reads one charging battery and an online AC adapter', async () => {
    expect(await read('one-battery-on-ac')).toEqual({ batteryPercent: 57, batteryCharging: true, batteryPresent: true, onAC: true });
  });

  it('reads a discharging battery with any name (BAT1) and an offline adapter', async () => {
    expect(await read('one-battery-unplugged')).toEqual({ batteryPercent: 42, batteryCharging: false, batteryPresent: true, onAC: false });
  });

  it('combines two batteries by the energy they hold, not by the mean of their percentages', async () => {
    // (23.48 + 14.0) Wh of (23.48 + 70.0) Wh = 40 %, where the mean would say 60 %.
    expect(await read('two-batteries')).toEqual({ batteryPercent: 40, batteryCharging: false, batteryPresent: true, onAC: false });
  });

  it('falls back to the mean when batteries only report capacity, and reads AC from "Full"/"Not charging"', async () => {
    expect(await read('two-batteries-capacity-only')).toEqual({ batteryPercent: 76, batteryCharging: false, batteryPresent: true, onAC: true });
  });

  it('ignores a mouse battery (scope Device)', async () => {
    expect(await read('mouse-battery')).toEqual({ batteryPercent: 100, batteryCharging: false, batteryPresent: true, onAC: true });
  });

  it('says "no battery, on AC" for a desktop, even one with a wireless mouse', async () => {
    const desktop = { batteryPercent: null, batteryCharging: null, batteryPresent: false, onAC: true };
    expect(await read('desktop-no-battery')).toEqual(desktop);
    expect(await read('desktop-with-mouse')).toEqual(desktop);
  });

  it('counts a USB-C port that is online as AC power', async () => {
    expect(await read('usb-c-charging')).toEqual({ batteryPercent: 33, batteryCharging: true, batteryPresent: true, onAC: true });
  });

  it('derives AC from the battery status when firmware lists no adapter, and percent from energy when capacity is missing', async () => {
    expect(await read('battery-no-adapter-entry')).toEqual({ batteryPercent: 75, batteryCharging: false, batteryPresent: true, onAC: false });
  });

  it('skips an empty battery slot (present 0)', async () => {
    expect(await read('empty-second-slot')).toEqual({ batteryPercent: 80, batteryCharging: true, batteryPresent: true, onAC: true });
  });

  it('leaves charging unknown when every battery says "Unknown", and AC unknown without an adapter', () => {
    expect(parsePowerSupplies([{ name: 'BAT0', type: 'Battery', status: 'Unknown', capacity: '50' }])).toEqual({
      batteryPercent: 50,
      batteryCharging: null,
      batteryPresent: true,
      onAC: null,
    });
  });

  it('treats an unreadable attribute as absent (a battery being removed answers EIO)', async () => {
    const root = writeSysfsTree({ BAT0: { type: 'Battery\n', status: 'Discharging\n' }, AC: { type: 'Mains\n', online: '0\n' } });
    // A directory where a file should be makes readFile fail, as EIO would.
    fs.mkdirSync(path.join(root, 'BAT0', 'capacity'));
    expect(parsePowerSupplies(await readPowerSupplies(root))).toEqual({ batteryPercent: null, batteryCharging: false, batteryPresent: true, onAC: false });
  });

  it('throws with the path when the power-supply folder does not exist', async () => {
    await expect(new LinuxPowerSupplySource('/nonexistent/power_supply').read()).rejects.toThrow('cannot list /nonexistent/power_supply');
  });
});

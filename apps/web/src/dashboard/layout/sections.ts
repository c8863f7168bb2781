import { attendeesSection } from '../attendees/attendees-section.tsx';
import { deadLettersSection } from '../dead-letters/dead-letters-section.tsx';
import { devicesSection } from '../devices/devices-section.tsx';
import { operationsSection } from '../operations/operations-section.tsx';
import { ordersSection } from '../orders/orders-section.tsx';
import { overviewSection } from '../overview/overview-section.tsx';
import { tabsSection } from '../tabs/tabs-section.tsx';
import type { DashboardSection } from './dashboard-section.ts';

/** The dashboard's pages in the sidebar's order; the first is the home page. */
export const SECTIONS: readonly DashboardSection[] = [
  overviewSection,
  ordersSection,
  tabsSection,
  devicesSection,
  attendeesSection,
  deadLettersSection,
  operationsSection,
];

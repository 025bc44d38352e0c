// The company the tests punch in: two sites drawn in GCJ-02 (the office with its Wi-Fi, and a site that requires a
// photo), a day shift for everyone, and the people of people.json.
const people = require('./people.json');

const OFFICE = { latitude: 30.274150, longitude: 120.155070 };
const OFFICE_WIFI = { ssid: 'MP-Office', bssid: '5c:0a:5b:11:22:33' };
const PHOTO_SITE = { latitude: 30.290000, longitude: 120.160000 };
const DEPARTMENT = 901;
const PHOTO_DEPARTMENT = 902;

module.exports = { OFFICE, OFFICE_WIFI, PHOTO_SITE, DEPARTMENT, PHOTO_DEPARTMENT, people: people.people };
